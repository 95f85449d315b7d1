package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.JobState;
import dev.faceforge.projections.events.JobCanceled;
import dev.faceforge.projections.events.JobFailed;
import dev.faceforge.projections.events.JobRequeued;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.JobCommand.RecoverJob;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Jobs whose runner went away: a lease that ran out puts the job back in the queue (or cancels it, when
 * a cancel was requested), and an in-process job interrupted by a restart is resumed or failed. Each
 * says so in the job's log, in the same transaction.
 */
final class JobRecovery {
  private JobRecovery() {
  }

  /** {@code {"requeued": [ids], "canceled": [ids]}}. */
  static ObjectNode sweep(Session s, Clock clock) throws SQLException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode requeued = out.putArray("requeued");
    ArrayNode canceled = out.putArray("canceled");
    for (String jobId : JobState.expiredLeases(s.connection(), Times.format(clock.instant()))) {
      ObjectNode job = JobState.job(s.connection(), jobId);
      String runner = JobDecider.text(job, "runner_id");
      String until = JobDecider.text(job, "lease_until");
      ObjectNode data = JobDecider.data("runner_id", runner, "lease_until", until);
      if (job.get("cancel_requested").asBoolean()) {
        JobExecution.append(s, job, JobDecider.note(job, "warn", "the lease of runner " + runner + " ran out at "
            + until + " after a cancel request; the job is canceled", data),
            new JobCanceled(jobId, JobDecider.text(job, "cancel_reason")));
        canceled.add(jobId);
      } else {
        JobExecution.append(s, job, JobDecider.note(job, "warn", "the lease of runner " + runner + " ran out at "
            + until + "; the job is back in the queue", data), new JobRequeued(jobId, "lease expired"));
        requeued.add(jobId);
      }
    }
    return out;
  }

  /** Settles one in-process job found running at startup; returns its document. */
  static ObjectNode recover(Session s, RecoverJob c) throws SQLException {
    ObjectNode job = JobDecider.existing(JobState.job(s.connection(), c.jobId()), c.jobId());
    if (!job.get("status").asText().equals("running")) {
      return job;
    }
    if (job.get("cancel_requested").asBoolean()) {
      return JobExecution.append(s, job, JobDecider.note(job, "warn", "Core restarted after a cancel request;"
          + " the job is canceled", null), new JobCanceled(c.jobId(), JobDecider.text(job, "cancel_reason")));
    }
    if (c.resume()) {
      return JobExecution.append(s, job, JobDecider.note(job, "info", "Core restarted while the job was running;"
          + " resuming it", null));
    }
    String error = "Core restarted while the job was running and it cannot resume: " + c.reason();
    return JobExecution.append(s, job, JobDecider.note(job, "error", error, null),
        new JobFailed(c.jobId(), error, null));
  }
}
