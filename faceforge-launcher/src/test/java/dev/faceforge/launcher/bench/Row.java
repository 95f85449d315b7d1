package dev.faceforge.launcher.bench;

import java.util.List;
import java.util.Locale;

/**
 * One line of the result table: the median rate over the measured rounds (with the slowest and
 * fastest round and the number of rounds), the median over rounds of each round's p50 and p99
 * latency (p99 with its range), the target, the ratio to it and a verdict. A row that could not run
 * (e.g. its reference tool is not installed) says why instead ({@code notRun}, else null).
 */
record Row(String name, Measurement m, Target target, String notRun) {
  static final String HEADER = "| benchmark | median | p50 | p99 | target | ratio | verdict |\n"
      + "| --- | ---: | ---: | ---: | --- | ---: | --- |";

  Row(String name, Measurement m, Target target) {
    this(name, m, target, null);
  }

  /** A row that was not measured, saying why (e.g. {@code nginx not found: install the nginx package}). */
  static Row notRun(String name, String why) {
    return new Row(name, null, Target.none(), why);
  }

  String markdown() {
    if (notRun != null) {
      return "| " + name + " | " + notRun + " | — | — | — | — | not run |";
    }
    double[] rates = m.rates();
    String median = Stats.rate(Stats.median(rates)) + " " + m.unit() + " (" + Stats.rate(Stats.min(rates)) + "–"
        + Stats.rate(Stats.max(rates)) + (rates.length == 1 ? "" : ", " + rates.length + " rounds") + ")";
    String p50 = "—";
    String p99 = "—";
    if (m.hasLatency()) {
      p50 = Stats.millis(Stats.median(m.p50s())) + " ms";
      double[] p99s = m.p99s();
      p99 = Stats.millis(Stats.median(p99s)) + " ms (" + Stats.millis(Stats.min(p99s)) + "–"
          + Stats.millis(Stats.max(p99s)) + ")";
    }
    double ratio = target.ratio(m);
    String ratioCell = Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f×", ratio);
    String verdict = Double.isNaN(ratio) ? "reported" : ratio >= 1 ? "meets" : "**misses**";
    return String.join(" | ", List.of("| " + name, median, p50, p99, target.describe(m.unit()), ratioCell,
        verdict + " |"));
  }
}
