package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The job failed: {@code error} says why, {@code result} holds whatever partial result the runner reported. */
public record JobFailed(String jobId, String error, ObjectNode result) implements JobEvent {
  public static final String TYPE = "job.failed";

  @Override
  public String eventType() {
    return TYPE;
  }
}
