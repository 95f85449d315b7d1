package dev.faceforge.projections.events;

/**
 * The job was canceled: while queued, or by its runner acknowledging a cancel request (or when its lease expired
 * after one).
 */
public record JobCanceled(String jobId, String reason) implements JobEvent {
  public static final String TYPE = "job.canceled";

  @Override
  public String eventType() {
    return TYPE;
  }
}
