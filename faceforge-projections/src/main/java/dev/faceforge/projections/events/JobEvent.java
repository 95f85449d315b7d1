package dev.faceforge.projections.events;

import java.util.Map;

/**
 * The events of a job's stream ({@code job:<id>}): created, claimed by a runner (or by Core's in-process
 * runner), lease extended, progressed, logged, cancel requested, and one final state (succeeded, failed,
 * canceled), or requeued when a lease expired.
 */
public sealed interface JobEvent extends DomainEvent permits JobCreated, JobClaimed, JobLeaseExtended,
    JobProgressed, JobLogged, JobCancelRequested, JobSucceeded, JobFailed, JobCanceled, JobRequeued {

  /** Log type -> record class of every job event. */
  Map<String, Class<? extends DomainEvent>> TYPES = Map.of(
      JobCreated.TYPE, JobCreated.class,
      JobClaimed.TYPE, JobClaimed.class,
      JobLeaseExtended.TYPE, JobLeaseExtended.class,
      JobProgressed.TYPE, JobProgressed.class,
      JobLogged.TYPE, JobLogged.class,
      JobCancelRequested.TYPE, JobCancelRequested.class,
      JobSucceeded.TYPE, JobSucceeded.class,
      JobFailed.TYPE, JobFailed.class,
      JobCanceled.TYPE, JobCanceled.class,
      JobRequeued.TYPE, JobRequeued.class);

  String jobId();

  @Override
  default String streamId() {
    return Streams.job(jobId());
  }
}
