package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.projections.events.JobCancelRequested;
import dev.faceforge.projections.events.JobCreated;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.commands.Outcome;
import dev.faceforge.verticles.http.Problem;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's in-process runner: claims queued jobs of the core types (holding them as runner {@code core},
 * without a lease), runs each with its {@link JobExecutor}, at most {@code slots} at once, and reports how
 * each ended. Owned by the jobs verticle: every method runs on its event loop.
 */
final class CoreJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CoreJobRunner.class);
  private static final EventMetadata METADATA = new EventMetadata("core", null, null);

  private final Vertx vertx;
  private final JobTypes types;
  private final CommandHandler commands;
  private final int slots;
  private final Map<String, JobContext> running = new HashMap<>();
  private boolean claiming;
  private boolean wanted;

  CoreJobRunner(Vertx vertx, JobTypes types, CommandHandler commands, int slots) {
    this.vertx = vertx;
    this.types = types;
    this.commands = commands;
    this.slots = slots;
  }

  /** A job changed: new core work to claim, or a cancel request for a job running here. */
  void onSignal(JsonObject signal) {
    String event = signal.getString("event");
    if (JobCreated.TYPE.equals(event) && JobCommand.CORE.equals(signal.getString("executor"))) {
      pump();
    } else if (JobCancelRequested.TYPE.equals(event) && running.containsKey(signal.getString("job_id"))) {
      running.get(signal.getString("job_id")).requestCancel();
    }
  }

  /** Claims queued core jobs while slots are free; one claim at a time, repeated while there may be more. */
  void pump() {
    wanted = true;
    if (claiming || running.size() >= slots || types.types().isEmpty()) {
      return;
    }
    claiming = true;
    wanted = false;
    commands.handle(new JobCommand.ClaimJob(JobCommand.CORE_RUNNER, types.types(), null, JobCommand.CORE), METADATA)
        .onComplete(ar -> {
          claiming = false;
          if (ar.failed()) {
            LOG.warn("claiming a core job failed: {}", ar.cause().toString());
            return;
          }
          if (ar.result().document() != null) {
            launch(ar.result().document(), false);
            wanted = true;
          }
          if (wanted) {
            pump();
          }
        });
  }

  /** Runs a job this runner holds ({@code resumed}: after a restart). */
  void launch(ObjectNode job, boolean resumed) {
    JobContext ctx = new JobContext(job, resumed, vertx, commands);
    if (job.get("cancel_requested").asBoolean()) {
      ctx.requestCancel();
    }
    running.put(ctx.jobId(), ctx);
    JobExecutor executor = types.executor(ctx.type());
    Future<JobResult> work;
    try {
      work = executor.run(ctx);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.onComplete(ar -> finish(ctx, ar));
  }

  private void finish(JobContext ctx, AsyncResult<JobResult> ar) {
    JobCommand end;
    if (ar.succeeded()) {
      JobResult r = ar.result() == null ? JobResult.of(null) : ar.result();
      end = new JobCommand.CompleteJob(ctx.jobId(), JobCommand.CORE_RUNNER, r.result(), r.outputAssetIds());
    } else if (ar.cause() instanceof CancellationException && ctx.cancelRequested()) {
      end = new JobCommand.AcknowledgeCancel(ctx.jobId(), JobCommand.CORE_RUNNER);
    } else {
      end = new JobCommand.FailJob(ctx.jobId(), JobCommand.CORE_RUNNER, message(ar.cause()), null);
    }
    report(ctx, end).onComplete(x -> {
      running.remove(ctx.jobId());
      pump();
    });
  }

  /** Records the end; a result Core refuses (e.g. an unknown output asset) fails the job with the reason. */
  private Future<Outcome> report(JobContext ctx, JobCommand end) {
    return commands.handle(end, ctx.metadata()).recover(e -> {
      if (e instanceof Problem p && p.status() == 422) {
        return commands.handle(new JobCommand.FailJob(ctx.jobId(), JobCommand.CORE_RUNNER,
            "the executor's result was refused: " + p.getMessage(), null), ctx.metadata());
      }
      LOG.warn("job {}: recording its end failed: {}", ctx.jobId(), e.toString());
      return Future.failedFuture(e);
    });
  }

  private static String message(Throwable t) {
    String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    return m.length() > 8000 ? m.substring(0, 8000) : m;
  }
}
