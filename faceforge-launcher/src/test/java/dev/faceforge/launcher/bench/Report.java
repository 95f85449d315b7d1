package dev.faceforge.launcher.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Collects the result rows and CPU lines; prints progress on stderr and the tables on stdout. */
final class Report {
  private final List<Row> rows = new ArrayList<>();
  private final List<String> cpu = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final PrintStream progress;

  Report(PrintStream progress) {
    this.progress = progress;
  }

  void progress(String line) {
    progress.println("[bench] " + line);
  }

  void add(Row row, String cpuLine) {
    rows.add(row);
    cpu.add(cpuLine);
    progress(row.markdown());
  }

  /** A fact worth printing under the tables (what was verified, the shape of the data). */
  void note(String line) {
    notes.add(line);
    progress(line);
  }

  void print(PrintStream out) {
    out.println(Row.HEADER);
    rows.forEach(r -> out.println(r.markdown()));
    out.println();
    out.println("Where the CPU went during the measured rounds (cores kept busy; the machine has "
        + Runtime.getRuntime().availableProcessors() + "):");
    out.println();
    out.println(CpuProfile.HEADER);
    cpu.forEach(out::println);
    out.println();
    notes.forEach(n -> out.println("- " + n));
    out.println("- load average (1 min) at the end: " + Machine.loadAverage());
  }
}
