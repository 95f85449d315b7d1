package dev.faceforge.projections.events;

/** The runner holding the job sent a heartbeat: its lease now runs until {@code lease_until}. */
public record JobLeaseExtended(String jobId, String runnerId, String leaseUntil) implements JobEvent {
  public static final String TYPE = "job.lease_extended";

  @Override
  public String eventType() {
    return TYPE;
  }
}
