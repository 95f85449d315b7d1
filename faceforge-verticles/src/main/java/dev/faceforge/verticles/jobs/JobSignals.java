package dev.faceforge.verticles.jobs;

import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.JobCreated;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Tells the job runtime, on the local event bus, that a job's stream changed: after every commit, one
 * small message per job event to {@link #ALL} (read by the in-process runner) and to
 * {@link #address(String)} (read by followers of that job's log). Receivers read the new state from the
 * query tables, which the commit has already made visible.
 */
public final class JobSignals {
  /** Every job event: {@code {"job_id", "event", "position"}}, plus {@code job_type}, {@code executor} on creation. */
  public static final String ALL = "faceforge.jobs";
  private static final String STREAM_PREFIX = "job:";

  private JobSignals() {
  }

  public static String address(String jobId) {
    return ALL + "." + jobId;
  }

  /** Publishes job events of every commit of {@code store}; the listener runs on the writer thread and never blocks. */
  public static void install(Vertx vertx, EventStore store) {
    store.onCommit(events -> publish(vertx, events));
  }

  private static void publish(Vertx vertx, List<RecordedEvent> events) {
    for (RecordedEvent e : events) {
      if (!e.streamId().startsWith(STREAM_PREFIX)) {
        continue;
      }
      String jobId = e.streamId().substring(STREAM_PREFIX.length());
      JsonObject signal = new JsonObject().put("job_id", jobId).put("event", e.type()).put("position", e.position());
      if (JobCreated.TYPE.equals(e.type()) && DomainEvents.parse(e) instanceof JobCreated c) {
        signal.put("job_type", c.type()).put("executor", c.executor());
      }
      vertx.eventBus().publish(ALL, signal);
      vertx.eventBus().publish(address(jobId), signal);
    }
  }
}
