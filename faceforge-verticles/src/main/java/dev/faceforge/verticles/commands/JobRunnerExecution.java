package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.JobState;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.JobCanceled;
import dev.faceforge.projections.events.JobClaimed;
import dev.faceforge.projections.events.JobFailed;
import dev.faceforge.projections.events.JobLeaseExtended;
import dev.faceforge.projections.events.JobSucceeded;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.JobCommand.AcknowledgeCancel;
import dev.faceforge.verticles.commands.JobCommand.AppendJobLog;
import dev.faceforge.verticles.commands.JobCommand.ClaimJob;
import dev.faceforge.verticles.commands.JobCommand.CompleteJob;
import dev.faceforge.verticles.commands.JobCommand.ExtendLease;
import dev.faceforge.verticles.commands.JobCommand.FailJob;
import dev.faceforge.verticles.commands.JobCommand.ReportProgress;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** Executes what runners do with jobs: claim, heartbeat, log, progress, complete, fail, acknowledge a cancel. */
final class JobRunnerExecution {
  private JobRunnerExecution() {
  }

  static Outcome execute(Session s, JobCommand command, Clock clock) throws SQLException {
    if (command instanceof ClaimJob c) {
      return Outcome.of(claim(s, c, clock));
    }
    if (command instanceof ExtendLease c) {
      ObjectNode job = held(s, c.jobId(), c.runnerId());
      String until = JobDecider.leaseUntil(clock, c.leaseSeconds());
      return Outcome.of(JobExecution.append(s, job, new JobLeaseExtended(c.jobId(), c.runnerId(), until)));
    }
    if (command instanceof AppendJobLog c) {
      ObjectNode job = held(s, c.jobId(), c.runnerId());
      return Outcome.of(JobExecution.append(s, job, JobDecider.logged(job, c.lines())));
    }
    if (command instanceof ReportProgress c) {
      ObjectNode job = held(s, c.jobId(), c.runnerId());
      return Outcome.of(JobExecution.append(s, job, JobDecider.progressed(job, c.patch())));
    }
    if (command instanceof CompleteJob c) {
      ObjectNode job = held(s, c.jobId(), c.runnerId());
      checkOutputs(s, c.outputAssetIds());
      return Outcome.of(JobExecution.append(s, job, new JobSucceeded(c.jobId(), c.result(), c.outputAssetIds())));
    }
    if (command instanceof FailJob c) {
      ObjectNode job = held(s, c.jobId(), c.runnerId());
      return Outcome.of(JobExecution.append(s, job, new JobFailed(c.jobId(), c.error(), c.result())));
    }
    AcknowledgeCancel c = (AcknowledgeCancel) command;
    ObjectNode job = held(s, c.jobId(), c.runnerId());
    if (!job.get("cancel_requested").asBoolean()) {
      throw Problem.conflict("nobody asked to cancel job " + c.jobId() + "; report it as failed instead");
    }
    return Outcome.of(JobExecution.append(s, job, new JobCanceled(c.jobId(), JobDecider.text(job, "cancel_reason"))));
  }

  private static ObjectNode claim(Session s, ClaimJob c, Clock clock) throws SQLException {
    ObjectNode job = JobState.nextQueued(s.connection(), c.executor(), c.types());
    if (job == null) {
      return null;
    }
    String until = c.leaseSeconds() == null ? null : JobDecider.leaseUntil(clock, c.leaseSeconds());
    int attempt = job.get("attempt").asInt() + 1;
    return JobExecution.append(s, job, new JobClaimed(job.get("job_id").asText(), c.runnerId(), until, attempt));
  }

  private static ObjectNode held(Session s, String jobId, String runnerId) throws SQLException {
    return JobDecider.held(JobState.job(s.connection(), jobId), jobId, runnerId);
  }

  private static void checkOutputs(Session s, List<String> assetIds) throws SQLException {
    for (int i = 0; i < assetIds.size(); i++) {
      ObjectNode asset = ProjectionState.asset(s.connection(), assetIds.get(i));
      if (asset == null || !asset.get("deleted_at").isNull()) {
        throw Problem.invalid("output_asset_ids[" + i + "]", "no asset " + assetIds.get(i));
      }
    }
  }
}
