package dev.faceforge.launcher.bench;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics and number formatting for benchmark rounds. */
final class Stats {
  private Stats() {
  }

  /** The nearest-rank percentile {@code p} (0..100) of {@code values}; the array is sorted in place. */
  static long percentile(long[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    Arrays.sort(values);
    int rank = (int) Math.ceil(p / 100.0 * values.length);
    return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
  }

  /** The median of {@code values} (mean of the middle two for an even count); does not modify the input. */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  /** A rate like {@code 12,345}. */
  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  /** Milliseconds with sensible precision: {@code 0.412}, {@code 4.12}, {@code 41.2}, {@code 412}. */
  static String millis(double ms) {
    if (ms < 1) {
      return String.format(Locale.ROOT, "%.3f", ms);
    }
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    return ms < 100 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.0f", ms);
  }

  static double nanosToMillis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
