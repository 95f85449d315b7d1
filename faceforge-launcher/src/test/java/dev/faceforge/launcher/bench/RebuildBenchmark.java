package dev.faceforge.launcher.bench;

import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.projections.Rebuilder;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * {@link Rebuilder#rebuild} over a mixed log of at least {@link BenchConfig#rebuildEvents()} events:
 * drop every query table and replay the whole log, one round per rebuild (the warm-up rebuilds a
 * separate log a tenth the size, so it costs little). Each round checks the event
 * count it replayed and the rows the entity, descriptor and relationship tables end up with.
 */
final class RebuildBenchmark {
  private final BenchConfig cfg;
  private final Report report;

  RebuildBenchmark(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  private static final double JIT_QUIET = 0.05;

  void run(Path dir) throws SQLException {
    MixedLog warm = MixedLog.write(dir.resolve("rebuild-warmup.db"), cfg.rebuildEvents() / 10);
    String warmUp = warmUp(dir.resolve("rebuild-warmup.db"), warm);
    Path db = dir.resolve("rebuild.db");
    long t0 = System.nanoTime();
    MixedLog log = MixedLog.write(db, cfg.rebuildEvents());
    report.note(String.format(Locale.ROOT, "rebuild log: %,d events written in %.1f s: %s; warm-up: %s",
        log.events, (System.nanoTime() - t0) / 1e9, log.types, warmUp));
    String name = String.format(Locale.ROOT, "rebuild (Rebuilder.rebuild, %,d mixed events)", log.events);
    Measurement m = new Measurement("events/s");
    long start = System.nanoTime();
    CpuProfile cpu = CpuProfile.start(Set.of());
    do {
      m.round(log.events, rebuild(db, log), null);
    } while (!cfg.enough(m.rounds(), start));
    report.add(new Row(name, m, Target.minRate(100_000)), cpu.stop(name, m.ops()));
  }

  /**
   * Rebuilds of the small log until the JIT compilers were busy less than {@link #JIT_QUIET} of the last one (at
   * least two, at most the configured warm-up time), as the HTTP rows get from {@link WarmUp}: the rebuild's
   * three threads need both cores, and one rebuild of the small log left C2 compiling through the first
   * measured rounds (a rebuild took 3.2, 2.2, 1.6, 1.3 s before settling near 1.1 s).
   */
  private String warmUp(Path db, MixedLog log) throws SQLException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long limit = cfg.warmUpSeconds() * 1_000_000_000L;
    int rounds = 0;
    double busy;
    do {
      long t0 = System.nanoTime();
      long c0 = jit.getTotalCompilationTime();
      rebuild(db, log);
      busy = (jit.getTotalCompilationTime() - c0) * 1e6 / (System.nanoTime() - t0);
      rounds++;
    } while ((rounds < 2 || busy > JIT_QUIET) && System.nanoTime() - start < limit);
    return String.format(Locale.ROOT, "%d rebuild(s) of a separate %,d-event log (%.0f s); the JIT compilers were"
        + " busy %.0f%% of the last", rounds, log.events, (System.nanoTime() - start) / 1e9, busy * 100);
  }

  /** One rebuild, checked; returns its duration in nanoseconds. */
  private static long rebuild(Path db, MixedLog log) throws SQLException {
    long start = System.nanoTime();
    long n = Rebuilder.rebuild(db);
    long nanos = System.nanoTime() - start;
    if (n != log.events) {
      throw new BenchFailure("rebuild replayed " + n + " events, the log holds " + log.events);
    }
    check(db, log);
    return nanos;
  }

  private static void check(Path db, MixedLog log) throws SQLException {
    try (Connection c = Sqlite.openReader(db); Statement s = c.createStatement()) {
      expect(s, "SELECT COUNT(*) FROM entities WHERE deleted_at IS NULL", log.liveEntities);
      expect(s, "SELECT COUNT(*) FROM descriptors", log.liveDescriptors);
      expect(s, "SELECT COUNT(*) FROM relationships", log.liveRelationships);
    }
  }

  private static void expect(Statement s, String sql, long expected) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      if (rs.getLong(1) != expected) {
        throw new BenchFailure(sql + " = " + rs.getLong(1) + " after rebuild, expected " + expected);
      }
    }
  }
}
