package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.JobState;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.JobCancelRequested;
import dev.faceforge.projections.events.JobCanceled;
import dev.faceforge.projections.events.JobCreated;
import dev.faceforge.projections.events.JobEvent;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.JobCommand.CancelJob;
import dev.faceforge.verticles.commands.JobCommand.CreateJob;
import dev.faceforge.verticles.commands.JobCommand.RecoverJob;
import dev.faceforge.verticles.commands.JobCommand.SweepLeases;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Executes job commands on the writer: creation and cancellation here, the runner's reports in
 * {@link JobRunnerExecution}, lease expiry and restart recovery in {@link JobRecovery}.
 */
final class JobExecution {
  private JobExecution() {
  }

  static Outcome execute(Session s, JobCommand command, Clock clock) throws SQLException {
    if (command instanceof CreateJob c) {
      return create(s, c);
    }
    if (command instanceof CancelJob c) {
      return cancel(s, c);
    }
    if (command instanceof SweepLeases) {
      return Outcome.of(JobRecovery.sweep(s, clock));
    }
    if (command instanceof RecoverJob c) {
      return Outcome.of(JobRecovery.recover(s, c));
    }
    return JobRunnerExecution.execute(s, command, clock);
  }

  private static Outcome create(Session s, CreateJob c) throws SQLException {
    if (c.inputAssetId() != null) {
      ObjectNode asset = ProjectionState.asset(s.connection(), c.inputAssetId());
      if (asset == null || !asset.get("deleted_at").isNull()) {
        throw Problem.invalid("input_asset_id", "no asset " + c.inputAssetId());
      }
    }
    s.append(new JobCreated(c.jobId(), c.type(), c.executor(), c.input(), c.inputAssetId()),
        ExpectedVersion.noStream());
    return Outcome.created(JobState.job(s.connection(), c.jobId()));
  }

  /** Queued: canceled now. Running: the runner is asked (once). Finished: 409. */
  private static Outcome cancel(Session s, CancelJob c) throws SQLException {
    ObjectNode job = JobDecider.existing(JobState.job(s.connection(), c.jobId()), c.jobId());
    String status = job.get("status").asText();
    if (JobDecider.FINAL.contains(status)) {
      throw Problem.conflict("job " + c.jobId() + " already " + status);
    }
    if (status.equals("queued")) {
      return Outcome.of(append(s, job, new JobCanceled(c.jobId(), c.reason())));
    }
    if (job.get("cancel_requested").asBoolean()) {
      return Outcome.of(job);
    }
    return Outcome.of(append(s, job, new JobCancelRequested(c.jobId(), c.reason())));
  }

  /** Appends {@code events} to the job's stream after its current version; returns the job's new document. */
  static ObjectNode append(Session s, ObjectNode job, JobEvent... events) throws SQLException {
    long version = job.get("version").asLong();
    for (JobEvent e : events) {
      s.append(e, ExpectedVersion.exactly(version++));
    }
    return JobState.job(s.connection(), job.get("job_id").asText());
  }
}
