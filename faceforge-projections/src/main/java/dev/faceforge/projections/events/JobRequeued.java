package dev.faceforge.projections.events;

/** The job went back to the queue (its runner's lease expired): it is queued again and may be claimed by any runner. */
public record JobRequeued(String jobId, String reason) implements JobEvent {
  public static final String TYPE = "job.requeued";

  @Override
  public String eventType() {
    return TYPE;
  }
}
