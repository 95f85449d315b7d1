package dev.faceforge.launcher.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Which phase of a blocking call a thread is in, from its stack sampled every {@value #INTERVAL_MILLIS} ms: for
 * code that reports no phases of its own (the backup exporter and importer), measured from the outside without
 * touching it. Each sample is attributed to the first {@link Phase} whose marker frame appears, scanning from the
 * outermost frame inward (so reading the archive inside the log import counts as the import), else to "other".
 */
final class PhaseSampler implements AutoCloseable {
  static final int INTERVAL_MILLIS = 5;
  static final String OTHER = "other";

  /** A phase: a frame of {@code className} (or a class nested in it) running {@code method} (null: any method). */
  record Phase(String name, String className, String method) {
    boolean matches(StackTraceElement f) {
      return (f.getClassName().equals(className) || f.getClassName().startsWith(className + "$"))
          && (method == null || method.equals(f.getMethodName()));
    }
  }

  private final List<Phase> phases;
  private final Thread target;
  private final Thread sampler;
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private volatile boolean running = true;

  private PhaseSampler(List<Phase> phases, Thread target) {
    this.phases = phases;
    this.target = target;
    phases.forEach(p -> counts.put(p.name(), 0));
    counts.put(OTHER, 0);
    this.sampler = new Thread(this::loop, "bench-phase-sampler");
    sampler.setDaemon(true);
  }

  /** Starts sampling the calling thread. */
  static PhaseSampler ofCurrentThread(List<Phase> phases) {
    PhaseSampler s = new PhaseSampler(phases, Thread.currentThread());
    s.sampler.start();
    return s;
  }

  private void loop() {
    while (running) {
      StackTraceElement[] stack = target.getStackTrace();
      String phase = classify(stack);
      synchronized (counts) {
        counts.merge(phase, 1, Integer::sum);
      }
      LockSupport.parkNanos(INTERVAL_MILLIS * 1_000_000L);
    }
  }

  private String classify(StackTraceElement[] stack) {
    for (int i = stack.length - 1; i >= 0; i--) {
      for (Phase p : phases) {
        if (p.matches(stack[i])) {
          return p.name();
        }
      }
    }
    return OTHER;
  }

  /** Stops sampling; returns the samples per phase (in the order given, then "other"). */
  Map<String, Integer> stop() {
    running = false;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (counts) {
      return new LinkedHashMap<>(counts);
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Samples added up over several calls, described as shares of their total time. */
  static final class Totals {
    private final Map<String, Integer> samples = new LinkedHashMap<>();

    void add(Map<String, Integer> call) {
      call.forEach((phase, n) -> samples.merge(phase, n, Integer::sum));
    }

    /**
     * E.g. {@code rebuild 61% (2.31 s a call, 43,900 events/s)}: each phase's share of the samples applied to
     * {@code nanos} (all calls' time), per call, and for the phases in {@code rated} {@code events} over that time.
     */
    String describe(long nanos, int calls, long events, java.util.Set<String> rated) {
      int total = samples.values().stream().mapToInt(Integer::intValue).sum();
      List<String> parts = new java.util.ArrayList<>();
      samples.forEach((phase, n) -> {
        double share = total == 0 ? 0 : (double) n / total;
        double seconds = share * nanos / 1e9 / calls;
        String rate = rated.contains(phase) && seconds > 0 ? ", " + Stats.rate(events / seconds) + " events/s" : "";
        parts.add(String.format(java.util.Locale.ROOT, "%s %.0f%% (%.2f s a call%s)", phase, 100 * share, seconds,
            rate));
      });
      return String.join(", ", parts) + "; from " + total + " stack samples, one every " + INTERVAL_MILLIS + " ms";
    }

    /** The time {@code phases} took together, per call, in seconds (their share of the samples of {@code nanos}). */
    double seconds(java.util.Set<String> phases, long nanos, int calls) {
      int total = samples.values().stream().mapToInt(Integer::intValue).sum();
      int in = phases.stream().mapToInt(p -> samples.getOrDefault(p, 0)).sum();
      return total == 0 ? 0 : (double) in / total * nanos / 1e9 / calls;
    }
  }
}
