package dev.faceforge.launcher.bench;

import dev.faceforge.eventstore.Durability;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** The conditions a run was measured under, printed above the table. */
final class Machine {
  private Machine() {
  }

  static List<String> header(BenchConfig cfg, Path dir) throws IOException {
    Runtime rt = Runtime.getRuntime();
    String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
    return List.of(
        "## FaceForge Core benchmark (" + cfg.name() + ": 1 warm-up round, then " + cfg.rounds()
            + " measured round(s) per row" + (cfg.rounds() > 3 ? ", or 3 once a row has measured for "
            + BenchConfig.BUDGET_NANOS / 1_000_000_000L + " s)" : ")"),
        "",
        "- date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS),
        "- machine: " + cpuModel() + ", " + rt.availableProcessors() + " cores available to the JVM, "
            + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        "- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + ", max heap " + rt.maxMemory() / (1 << 20) + " MiB, GC " + gcs,
        "- SQLite " + sqliteVersion() + ", synchronous=" + Durability.FULL + " on the write connection (the server's"
            + " setting, read back at open); data in " + dir + " (" + Files.getFileStore(dir).type() + ")",
        "- load average (all processes on the machine, 1 min) at start: " + loadAverage(),
        "- client and server share the same cores: the load generator is one Vert.x event loop in this JVM,"
            + " keep-alive, " + BenchConfig.CONCURRENCY + " connections at most");
  }

  /** The machine's 1-minute load average, e.g. {@code 1.73} (n/a where the OS does not say). */
  static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", load);
  }

  private static String cpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }

  private static String sqliteVersion() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
         ResultSet rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "(version unknown)";
    }
  }
}
