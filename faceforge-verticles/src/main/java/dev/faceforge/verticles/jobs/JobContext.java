package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.commands.JobLogLines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.List;

/**
 * One in-process job as its {@link JobExecutor} sees it: the job's input, and the ways to report on it.
 * Logging and progress are commands on the single writer like any other change (each returns a future
 * that completes once durable). Safe to use from worker threads.
 */
public final class JobContext {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final ObjectNode job;
  private final boolean resumed;
  private final Vertx vertx;
  private final CommandHandler commands;
  private final EventMetadata metadata;
  private volatile boolean cancelRequested;

  JobContext(ObjectNode job, boolean resumed, Vertx vertx, CommandHandler commands) {
    this.job = job;
    this.resumed = resumed;
    this.vertx = vertx;
    this.commands = commands;
    this.metadata = new EventMetadata("job:" + job.get("type").asText(), jobId(), null);
  }

  public String jobId() {
    return job.get("job_id").asText();
  }

  public String type() {
    return job.get("type").asText();
  }

  /** The inline input (an empty object when none was given). */
  public ObjectNode input() {
    return job.get("input").deepCopy();
  }

  /** The asset holding a large input, or null. */
  public String inputAssetId() {
    return job.get("input_asset_id").isNull() ? null : job.get("input_asset_id").asText();
  }

  /** The job's API document when it was started (attempt, progress and log count included). */
  public ObjectNode job() {
    return job.deepCopy();
  }

  /** True when Core restarted while this job ran and its executor agreed to run it again. */
  public boolean resumed() {
    return resumed;
  }

  /** True once someone asked to cancel the job: stop soon and fail with a CancellationException. */
  public boolean cancelRequested() {
    return cancelRequested;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The command handler, for the executor's own changes (e.g. registering assets). */
  public CommandHandler commands() {
    return commands;
  }

  /** Metadata for the executor's own commands: actor {@code job:<type>}, correlated by the job id. */
  public EventMetadata metadata() {
    return metadata;
  }

  /** Appends one line ({@code level}: debug, info, warn or error; {@code data} may be null). */
  public Future<Void> log(String level, String message, ObjectNode data) {
    if (!JobLogLines.LEVELS.contains(level) || message == null || message.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("a log line needs a level and a message"));
    }
    JobLogLine line = new JobLogLine(level, message, data == null ? JsonNodeFactory.instance.objectNode() : data,
        null);
    return commands.handle(new JobCommand.AppendJobLog(jobId(), JobCommand.CORE_RUNNER, List.of(line)), metadata)
        .mapEmpty();
  }

  /** Appends several lines in one event (for executors that log a line per item). */
  public Future<Void> logLines(List<JobLogLine> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    return commands.handle(new JobCommand.AppendJobLog(jobId(), JobCommand.CORE_RUNNER, List.copyOf(lines)), metadata)
        .mapEmpty();
  }

  public Future<Void> info(String message) {
    return log("info", message, null);
  }

  public Future<Void> warn(String message) {
    return log("warn", message, null);
  }

  /**
   * Merges into the job's progress: {@code percent} (0-100) and {@code step} when not null, and each
   * counter of {@code counters} (a null value removes one).
   */
  public Future<Void> progress(Number percent, String step, ObjectNode counters) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    if (percent != null) {
      BigDecimal p = new BigDecimal(percent.toString());
      if (p.signum() < 0 || p.compareTo(HUNDRED) > 0) {
        return Future.failedFuture(new IllegalArgumentException("percent must be from 0 to 100: " + percent));
      }
      patch.put("percent", p);
    }
    if (step != null) {
      patch.put("step", step);
    }
    if (counters != null) {
      patch.set("counters", counters);
    }
    return commands.handle(new JobCommand.ReportProgress(jobId(), JobCommand.CORE_RUNNER, patch), metadata)
        .mapEmpty();
  }

  void requestCancel() {
    cancelRequested = true;
  }
}
