package dev.faceforge.launcher.bench;

import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.eventstore.NewEvent;
import dev.faceforge.eventstore.Projector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bare event log, no HTTP and no projection: {@value BenchConfig#CONCURRENCY} threads each submit a
 * unit of work (a new stream of {@code eventsPerUnit} events) and wait for it to be durable, in a loop.
 * Group commit batches whatever the threads have queued. Each round checks that the log grew by exactly
 * the events appended.
 */
final class AppendBenchmark {
  private static final String DATA = People.body(1).put("entity_id", "0".repeat(64)).encode();

  private final BenchConfig cfg;
  private final Report report;

  AppendBenchmark(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  void run(Path dir) {
    rows("raw append, units of " + BenchConfig.BATCH + " events, " + BenchConfig.CONCURRENCY + " threads",
        dir.resolve("append-batched.db"), BenchConfig.BATCH, cfg.appendUnits());
    rows("raw append, single-event units, " + BenchConfig.CONCURRENCY + " threads",
        dir.resolve("append-single.db"), 1, cfg.appendSingles());
  }

  private void rows(String name, Path db, int eventsPerUnit, int unitsPerRound) {
    try (EventStore store = EventStore.open(db, Durability.FULL, Projector.NONE, Clock.systemUTC())) {
      checkedRound(store, name, "warm-up", eventsPerUnit, unitsPerRound);
      Measurement m = new Measurement("events/s");
      long start = System.nanoTime();
      CpuProfile cpu = CpuProfile.start(Set.of());
      do {
        LoadDriver.Run run = checkedRound(store, name, "r" + m.rounds(), eventsPerUnit, unitsPerRound);
        m.round((long) eventsPerUnit * unitsPerRound, run.nanos(), run.latencyNanos());
      } while (!cfg.enough(m.rounds(), start));
      report.add(new Row(name, m, Target.none()), cpu.stop(name, m.ops()));
    }
  }

  /** A round that must grow the log by exactly the events it appended. */
  private static LoadDriver.Run checkedRound(EventStore store, String name, String prefix, int eventsPerUnit,
                                             int units) {
    long before = store.lastPosition();
    LoadDriver.Run run = round(store, prefix, eventsPerUnit, units);
    long appended = store.lastPosition() - before;
    if (appended != (long) eventsPerUnit * units) {
      throw new BenchFailure(name + ": the log grew by " + appended + " events, expected "
          + (long) eventsPerUnit * units);
    }
    return run;
  }

  /** One round; latencies are per unit of work (submit to durable). */
  private static LoadDriver.Run round(EventStore store, String prefix, int eventsPerUnit, int units) {
    long[] latencies = new long[units];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(BenchConfig.CONCURRENCY);
    long start = System.nanoTime();
    for (int t = 0; t < BenchConfig.CONCURRENCY; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int u = next.getAndIncrement(); u < units && failure.get() == null; u = next.getAndIncrement()) {
            List<NewEvent> events = events(eventsPerUnit);
            long t0 = System.nanoTime();
            store.append("bench:" + prefix + ":" + u, ExpectedVersion.noStream(), events).join();
            latencies[u] = System.nanoTime() - t0;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }, "bench-append-" + t);
      thread.start();
    }
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted");
    }
    long nanos = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new BenchFailure("append failed: " + failure.get(), failure.get());
    }
    return new LoadDriver.Run(units, nanos, latencies);
  }

  private static List<NewEvent> events(int n) {
    List<NewEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(NewEvent.of("entity.created", DATA, EventMetadata.system()));
    }
    return out;
  }
}
