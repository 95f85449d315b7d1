package dev.faceforge.launcher.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Warms the JIT on a throwaway server (its own home, so the measured server starts empty): cycles of
 * creates, gets, searches and lists until the JIT compilers go quiet or the time is up. Without it the
 * first HTTP benchmarks share the two cores with C2 for about a minute.
 */
final class WarmUp {
  private static final double QUIET = 0.05;

  private WarmUp() {
  }

  static void run(BenchConfig cfg, Report report, Path home) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long deadline = start + cfg.warmUpSeconds() * 1_000_000_000L;
    double busy = Double.NaN;
    int cycles = 0;
    try (HttpBench b = HttpBench.open(cfg, report, BenchServer.start(home))) {
      do {
        long t0 = System.nanoTime();
        long c0 = jit.getTotalCompilationTime();
        cycle(b, cycles++);
        busy = (jit.getTotalCompilationTime() - c0) * 1e6 / (System.nanoTime() - t0);
      } while (System.nanoTime() < deadline && (cycles < 2 || busy > QUIET));
    }
    report.note(String.format(Locale.ROOT, "JIT warm-up on a separate server: %d cycles in %.0f s; the JIT compilers"
        + " were busy %.0f%% of the last cycle", cycles, (System.nanoTime() - start) / 1e9, busy * 100));
  }

  /** About a second or two of everything the HTTP benchmarks do. */
  private static void cycle(HttpBench b, int n) {
    int base = n * 1_000;
    Buffer[] bodies = new Buffer[1_000];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = People.createBuffer(base + i);
    }
    String[] ids = new String[bodies.length];
    b.driver.run(bodies.length, BenchConfig.CONCURRENCY, i -> b.api.create(bodies[i]).map(id -> ids[i] = id));
    b.driver.run(5_000, BenchConfig.CONCURRENCY, i -> b.api.get(ids[i % ids.length]));
    String[] uris = {"/v1/entities?q=person%20000" + (n % 10), "/v1/entities?q=lisbon", "/v1/entities",
        "/v1/entities?q=" + People.alias(base)};
    b.driver.run(200, 1, i -> b.api.json(HttpMethod.GET, uris[i % uris.length], null, 200));
  }
}
