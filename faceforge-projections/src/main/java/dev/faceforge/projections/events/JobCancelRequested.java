package dev.faceforge.projections.events;

/**
 * Someone asked to cancel a running job; its runner learns it at its next heartbeat (Core's in-process runner at
 * once).
 */
public record JobCancelRequested(String jobId, String reason) implements JobEvent {
  public static final String TYPE = "job.cancel_requested";

  @Override
  public String eventType() {
    return TYPE;
  }
}
