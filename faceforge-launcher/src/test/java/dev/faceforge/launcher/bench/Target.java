package dev.faceforge.launcher.bench;

import java.util.Locale;

/**
 * A benchmark's goal from the issue: a minimum rate, a maximum p99 latency, a share of a reference tool's rate
 * measured in the same run (e.g. 90% of nginx), or none (report only). {@link #ratio} is oriented so that
 * {@code >= 1} always means the goal is met.
 *
 * @param kind      which goal
 * @param value     the minimum rate, the p99 bound in ms, or (share of a reference) the reference's rate times
 *                  {@code share}; NaN when the reference could not be measured
 * @param share     the fraction of the reference's rate to reach (share goals only)
 * @param reference what the rate is compared with, e.g. {@code nginx} (share goals only)
 */
record Target(Kind kind, double value, double share, String reference) {
  enum Kind { NONE, MIN_RATE, MAX_P99_MS, SHARE_OF_REFERENCE }

  static Target none() {
    return new Target(Kind.NONE, 0, 0, null);
  }

  static Target minRate(double perSecond) {
    return new Target(Kind.MIN_RATE, perSecond, 0, null);
  }

  static Target maxP99Millis(double ms) {
    return new Target(Kind.MAX_P99_MS, ms, 0, null);
  }

  /** At least {@code share} of {@code reference}'s median rate in this run ({@code referenceRate} NaN: not run). */
  static Target shareOf(double share, String reference, double referenceRate) {
    return new Target(Kind.SHARE_OF_REFERENCE, share * referenceRate, share, reference);
  }

  String describe(String unit) {
    return switch (kind) {
      case NONE -> "report";
      case MIN_RATE -> "≥ " + Stats.rate(value) + " " + unit;
      case MAX_P99_MS -> "p99 ≤ " + Stats.millis(value) + " ms";
      case SHARE_OF_REFERENCE -> String.format(Locale.ROOT, "≥ %.0f%% of %s", share * 100, reference)
          + (Double.isNaN(value) ? " (not measured)" : " = " + Stats.rate(value) + " " + unit);
    };
  }

  /** Measured over target for rates, target over measured for latencies; NaN when there is no target. */
  double ratio(Measurement m) {
    return switch (kind) {
      case NONE -> Double.NaN;
      case MIN_RATE, SHARE_OF_REFERENCE -> Stats.median(m.rates()) / value;
      case MAX_P99_MS -> value / Stats.median(m.p99s());
    };
  }
}
