package dev.faceforge.verticles.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the job system runs: how often expired leases are swept, how long a runner's offered types count
 * as runnable after its last claim, how many in-process jobs run at once, how often a followed log
 * stream sends a heartbeat, and extra core executors (type -> executor) added to those Core wires itself.
 */
public record JobSettings(Duration sweepInterval, Duration offeredTypesTtl, int coreSlots, Duration sseHeartbeat,
                          Map<String, JobExecutor> executors) {
  public static final JobSettings DEFAULTS = new JobSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), 2,
      Duration.ofSeconds(15), Map.of());

  public JobSettings {
    if (sweepInterval.toMillis() < 1 || sseHeartbeat.toMillis() < 1 || coreSlots < 1) {
      throw new IllegalArgumentException("job settings need positive intervals and at least one core slot");
    }
    executors = Map.copyOf(executors);
  }

  /** These settings with {@code executor} registered for the core type {@code type}. */
  public JobSettings withExecutor(String type, JobExecutor executor) {
    Map<String, JobExecutor> all = new LinkedHashMap<>(executors);
    all.put(type, executor);
    return new JobSettings(sweepInterval, offeredTypesTtl, coreSlots, sseHeartbeat, all);
  }

  public JobSettings withSweepInterval(Duration interval) {
    return new JobSettings(interval, offeredTypesTtl, coreSlots, sseHeartbeat, executors);
  }

  public JobSettings withSseHeartbeat(Duration heartbeat) {
    return new JobSettings(sweepInterval, offeredTypesTtl, coreSlots, heartbeat, executors);
  }
}
