package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.projections.events.JobLogged;
import dev.faceforge.projections.events.JobProgressed;
import dev.faceforge.verticles.http.Problem;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The rules of a job's life: queued -> running -> succeeded | failed | canceled (and running -> queued
 * when a lease runs out). Only the runner holding a running job may report on it; a lease ends at the
 * decider's clock time plus its seconds, and the event carries that instant.
 */
final class JobDecider {
  static final Set<String> FINAL = Set.of("succeeded", "failed", "canceled");

  private JobDecider() {
  }

  static ObjectNode existing(ObjectNode job, String jobId) {
    if (job == null) {
      throw Problem.notFound("no job " + jobId);
    }
    return job;
  }

  /** The job, if {@code runnerId} holds it (it is running and claimed by that runner); else 404 or 409. */
  static ObjectNode held(ObjectNode job, String jobId, String runnerId) {
    existing(job, jobId);
    String status = job.get("status").asText();
    if (!status.equals("running")) {
      throw Problem.conflict("job " + jobId + " is " + status + ", not running" + (status.equals("queued")
          ? " (its lease ran out and it went back to the queue; claim it again)" : ""));
    }
    String holder = text(job, "runner_id");
    if (!runnerId.equals(holder)) {
      throw Problem.conflict("job " + jobId + " is held by another runner (" + holder + ")");
    }
    return job;
  }

  /** When a lease taken now for {@code seconds} ends, in the log's time format. */
  static String leaseUntil(Clock clock, int seconds) {
    return Times.format(Times.truncate(clock.instant()).plusSeconds(seconds));
  }

  static JobLogged logged(ObjectNode job, List<JobLogLine> lines) {
    return new JobLogged(job.get("job_id").asText(), job.get("log_count").asLong() + 1, List.copyOf(lines));
  }

  /** One line written by Core itself (its time is the event's). */
  static JobLogged note(ObjectNode job, String level, String message, ObjectNode data) {
    return logged(job, List.of(new JobLogLine(level, message, data, null)));
  }

  /** The whole progress after merging {@code patch} into the job's current one. */
  static JobProgressed progressed(ObjectNode job, ObjectNode patch) {
    ObjectNode current = (ObjectNode) job.get("progress");
    JsonNode percent = patch.has("percent") ? patch.get("percent") : current.get("percent");
    JsonNode step = patch.has("step") ? patch.get("step") : current.get("step");
    ObjectNode counters = patch.has("counters")
        ? (ObjectNode) MergePatch.apply(current.get("counters"), patch.get("counters"))
        : (ObjectNode) current.get("counters");
    return new JobProgressed(job.get("job_id").asText(), percent.isNull() ? null : percent.decimalValue(),
        step.isNull() ? null : step.asText(), counters);
  }

  static ObjectNode data(String... keyValues) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      o.put(keyValues[i], keyValues[i + 1]);
    }
    return o;
  }

  static String text(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
