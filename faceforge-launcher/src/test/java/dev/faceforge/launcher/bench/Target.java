package dev.faceforge.launcher.bench;

/**
 * A benchmark's goal from the issue: a minimum rate, a maximum p99 latency, or none (report only).
 * {@link #ratio} is oriented so that {@code >= 1} always means the goal is met.
 */
record Target(Kind kind, double value) {
  enum Kind { NONE, MIN_RATE, MAX_P99_MS }

  static Target none() {
    return new Target(Kind.NONE, 0);
  }

  static Target minRate(double perSecond) {
    return new Target(Kind.MIN_RATE, perSecond);
  }

  static Target maxP99Millis(double ms) {
    return new Target(Kind.MAX_P99_MS, ms);
  }

  String describe(String unit) {
    return switch (kind) {
      case NONE -> "report";
      case MIN_RATE -> "≥ " + Stats.rate(value) + " " + unit;
      case MAX_P99_MS -> "p99 ≤ " + Stats.millis(value) + " ms";
    };
  }

  /** Measured over target for rates, target over measured for latencies; NaN when there is no target. */
  double ratio(Measurement m) {
    return switch (kind) {
      case NONE -> Double.NaN;
      case MIN_RATE -> Stats.median(m.rates()) / value;
      case MAX_P99_MS -> value / Stats.median(m.p99s());
    };
  }
}
