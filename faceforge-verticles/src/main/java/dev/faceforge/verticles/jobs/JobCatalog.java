package dev.faceforge.verticles.jobs;

import dev.faceforge.verticles.commands.JobCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which job types can be run, and by whom: core types (run in-process, {@link JobTypes}), types declared
 * by plugin manifests, and types that connected runners offered when they last claimed (remembered for
 * a while). A job of any other type would wait forever, so creating one is refused.
 */
public final class JobCatalog {
  private final JobTypes core;
  private final Map<String, String> declared;
  private final Map<String, Instant> offered = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration offerTtl;

  /** {@code declared}: type -> id of the plugin whose manifest declares it. */
  public JobCatalog(JobTypes core, Map<String, String> declared, Clock clock, Duration offerTtl) {
    this.core = core;
    this.declared = Map.copyOf(declared);
    this.clock = clock;
    this.offerTtl = offerTtl;
  }

  /** A runner is asking for jobs of {@code types}: they count as runnable for the next while. */
  public void offered(List<String> types) {
    Instant until = clock.instant().plus(offerTtl);
    types.forEach(t -> offered.put(t, until));
  }

  /** {@code core} or {@code runner} for a type someone can run, else null. */
  public String executorOf(String type) {
    if (core.executor(type) != null) {
      return JobCommand.CORE;
    }
    return declared.containsKey(type) || isOffered(type) ? JobCommand.RUNNER : null;
  }

  /** Every runnable type, sorted. */
  public List<String> known() {
    TreeSet<String> all = new TreeSet<>(core.types());
    all.addAll(declared.keySet());
    offered.keySet().stream().filter(this::isOffered).forEach(all::add);
    return List.copyOf(all);
  }

  private boolean isOffered(String type) {
    Instant until = offered.get(type);
    if (until != null && until.isBefore(clock.instant())) {
      offered.remove(type, until);
      return false;
    }
    return until != null;
  }
}
