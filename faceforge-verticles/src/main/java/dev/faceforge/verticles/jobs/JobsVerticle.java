package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.read.JobReads;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the job runtime on one event loop: on start, settles the in-process jobs a previous run left
 * running (resumed or failed, never left running), then runs the in-process runner and a periodic lease
 * sweeper (a {@code SweepLeases} command on the writer).
 */
final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);
  private static final EventMetadata METADATA = new EventMetadata("core", null, null);

  private final JobSettings settings;
  private final JobTypes types;
  private final CommandHandler commands;
  private final JobReads reads;
  private CoreJobRunner runner;
  private MessageConsumer<JsonObject> signals;
  private long sweepTimer = -1;
  private boolean sweeping;

  JobsVerticle(JobSettings settings, JobTypes types, CommandHandler commands, JobReads reads) {
    this.settings = settings;
    this.types = types;
    this.commands = commands;
    this.reads = reads;
  }

  @Override
  public Future<?> start() {
    runner = new CoreJobRunner(vertx, types, commands, settings.coreSlots());
    signals = vertx.eventBus().localConsumer(JobSignals.ALL, m -> runner.onSignal(m.body()));
    return signals.completion().compose(x -> recover()).onSuccess(x -> {
      sweepTimer = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweep());
      runner.pump();
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return signals == null ? Future.succeededFuture() : signals.unregister();
  }

  private Future<Void> recover() {
    return reads.running(JobCommand.CORE).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (String doc : docs) {
        chain = chain.compose(x -> recover(parse(doc)).recover(e -> {
          // one job that cannot be settled must not keep Core from starting; the next start tries again
          LOG.error("cannot settle an interrupted job: {}", e.toString());
          return Future.succeededFuture();
        }));
      }
      return chain;
    });
  }

  private Future<Void> recover(ObjectNode job) {
    String type = job.get("type").asText();
    JobExecutor executor = types.executor(type);
    boolean resume = executor != null && canResume(executor, job);
    String reason = executor == null ? "no executor is registered for " + type
        : "the executor of " + type + " cannot resume a job";
    String jobId = job.get("job_id").asText();
    return commands.handle(new JobCommand.RecoverJob(jobId, resume, reason), METADATA).map(o -> {
      boolean stillRunning = o.document().get("status").asText().equals("running");
      LOG.info("job {} ({}) was running when Core stopped: {}", jobId, type,
          stillRunning ? "resumed" : o.document().get("status").asText());
      if (stillRunning) {
        runner.launch(o.document(), true);
      }
      return null;
    });
  }

  private static boolean canResume(JobExecutor executor, ObjectNode job) {
    try {
      return executor.canResume(job.deepCopy());
    } catch (RuntimeException e) {
      LOG.warn("job {}: canResume failed: {}", job.get("job_id").asText(), e.toString());
      return false;
    }
  }

  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    commands.handle(new JobCommand.SweepLeases(), METADATA).onComplete(ar -> {
      sweeping = false;
      if (ar.failed()) {
        LOG.warn("sweeping job leases failed: {}", ar.cause().toString());
      } else if (!ar.result().document().get("requeued").isEmpty()
          || !ar.result().document().get("canceled").isEmpty()) {
        LOG.info("expired job leases: {}", ar.result().document());
      }
    });
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) DomainEvents.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
