package dev.faceforge.launcher.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * FaceForge Core's benchmark: HTTP create/get/list/search against a real in-process server, raw event
 * appends, a projection rebuild, asset upload/download/bulk import, SSE fan-out and backup export/import, each repeated (a warm-up round, then measured rounds) and printed
 * as a Markdown table of medians, latency percentiles and ratios to the targets. It reports; it never
 * asserts, but it stops loudly on any wrong answer. Run it with {@code scripts/bench [--quick]}.
 */
public final class Benchmark {
  private Benchmark() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
    BenchConfig cfg = BenchConfig.full();
    Path dir = null;
    boolean keep = false;
    Set<String> parts = Set.of("http", "append", "rebuild", "assets", "events");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> cfg = BenchConfig.quick();
        case "--dir" -> dir = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--only" -> parts = Set.of(args[++i].split(","));
        default -> usage();
      }
    }
    if (!Set.of("http", "append", "rebuild", "assets", "events").containsAll(parts)) {
      usage();
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int status = run(cfg, parts, dir, keep, out);
    System.exit(status);
  }

  private static void usage() {
    System.err.println("usage: Benchmark [--quick] [--only http,append,rebuild,assets,events] [--dir DIR] [--keep]");
    System.exit(2);
  }

  private static int run(BenchConfig cfg, Set<String> parts, Path parent, boolean keep, PrintStream out)
      throws IOException {
    Path dir = parent == null ? Files.createTempDirectory("faceforge-bench-")
        : Files.createTempDirectory(Files.createDirectories(parent), "run-");
    Report report = new Report(new PrintStream(System.err, true, StandardCharsets.UTF_8));
    try {
      Machine.header(cfg, dir).forEach(out::println);
      out.println();
      if (parts.contains("http")) {
        WarmUp.run(cfg, report, dir.resolve("warm-up-home"));
        HttpBench.run(cfg, report, dir.resolve("home"));
      }
      if (parts.contains("append")) {
        new AppendBenchmark(cfg, report).run(dir);
      }
      if (parts.contains("rebuild")) {
        new RebuildBenchmark(cfg, report).run(dir);
      }
      if (parts.contains("assets")) {
        new AssetBench(cfg, report).run(dir);
      }
      if (parts.contains("events")) {
        new EventFanOut(cfg, report).run(dir.resolve("events-home"));
        new BackupBenchmark(cfg, report).run(dir);
      }
      report.print(out);
      return 0;
    } catch (Exception | AssertionError e) {
      System.err.println("BENCHMARK FAILED: " + e.getMessage());
      e.printStackTrace();
      return 1;
    } finally {
      if (!keep) {
        delete(dir);
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
