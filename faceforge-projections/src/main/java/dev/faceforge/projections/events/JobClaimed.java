package dev.faceforge.projections.events;

/**
 * A runner took the job: it is running, held by {@code runner_id} until {@code lease_until} (RFC 3339; null for
 * Core's in-process runner, which holds no lease). {@code attempt} counts claims, 1 for the first.
 */
public record JobClaimed(String jobId, String runnerId, String leaseUntil, int attempt) implements JobEvent {
  public static final String TYPE = "job.claimed";

  @Override
  public String eventType() {
    return TYPE;
  }
}
