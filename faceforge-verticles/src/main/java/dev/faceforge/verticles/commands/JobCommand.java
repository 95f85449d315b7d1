package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.JobLogLine;
import java.util.List;

/**
 * Commands on jobs. Runner commands name the {@code runnerId} that must hold the job (else 409); Core's
 * in-process runner holds its jobs as {@link #CORE_RUNNER}, a runner id no HTTP runner may use.
 */
public sealed interface JobCommand extends Command {
  /** The runner id of Core's in-process runner. */
  String CORE_RUNNER = "core";
  /** {@code executor} of jobs Core runs in-process. */
  String CORE = "core";
  /** {@code executor} of jobs worked by out-of-process runners. */
  String RUNNER = "runner";

  /** Queue a job of {@code type}, run by {@code executor}; {@code inputAssetId} must be a live asset. */
  record CreateJob(String jobId, String type, String executor, ObjectNode input, String inputAssetId)
      implements JobCommand {
  }

  /**
   * Take the oldest queued job of {@code executor} whose type is one of {@code types}, leased for
   * {@code leaseSeconds} (null: no lease, for the in-process runner). The outcome's document is null
   * when nothing is queued.
   */
  record ClaimJob(String runnerId, List<String> types, Integer leaseSeconds, String executor) implements JobCommand {
  }

  /** Heartbeat: extend the lease of a held job to now + {@code leaseSeconds}. */
  record ExtendLease(String jobId, String runnerId, int leaseSeconds) implements JobCommand {
  }

  /** Append structured log lines to a held job. */
  record AppendJobLog(String jobId, String runnerId, List<JobLogLine> lines) implements JobCommand {
  }

  /** Merge {@code percent}, {@code step} and {@code counters} of {@code patch} into a held job's progress. */
  record ReportProgress(String jobId, String runnerId, ObjectNode patch) implements JobCommand {
  }

  /** A held job succeeded; every output asset must be live. */
  record CompleteJob(String jobId, String runnerId, ObjectNode result, List<String> outputAssetIds)
      implements JobCommand {
  }

  /** A held job failed with {@code error}. */
  record FailJob(String jobId, String runnerId, String error, ObjectNode result) implements JobCommand {
  }

  /** Cancel: a queued job at once, a running one by asking its runner; a finished job is a 409. */
  record CancelJob(String jobId, String reason) implements JobCommand {
  }

  /** The runner of a held job whose cancel was requested stopped working on it: the job is canceled. */
  record AcknowledgeCancel(String jobId, String runnerId) implements JobCommand {
  }

  /** Requeue (or cancel, when a cancel was requested) every running job whose lease has run out. */
  record SweepLeases() implements JobCommand {
  }

  /**
   * After a restart, settle an in-process job that was running: resume it ({@code resume}, with a log
   * line) or fail it with {@code reason}; a job whose cancel was requested is canceled either way.
   */
  record RecoverJob(String jobId, boolean resume, String reason) implements JobCommand {
  }
}
