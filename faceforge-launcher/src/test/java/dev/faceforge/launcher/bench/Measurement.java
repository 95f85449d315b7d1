package dev.faceforge.launcher.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark measured, round by round: the rate (operations per second) and, where each
 * operation has a latency, that round's p50 and p99 in milliseconds.
 */
final class Measurement {
  private final String unit;
  private final List<Double> rates = new ArrayList<>();
  private final List<Double> p50s = new ArrayList<>();
  private final List<Double> p99s = new ArrayList<>();
  private long ops;

  /** @param unit what is counted, e.g. {@code creates/s} */
  Measurement(String unit) {
    this.unit = unit;
  }

  /** Records a round of {@code ops} operations in {@code nanos}, with per-operation latencies (may be null). */
  void round(long ops, long nanos, long[] latencyNanos) {
    rates.add(ops / (nanos / 1e9));
    this.ops += ops;
    if (latencyNanos != null) {
      p50s.add(Stats.nanosToMillis(Stats.percentile(latencyNanos, 50)));
      p99s.add(Stats.nanosToMillis(Stats.percentile(latencyNanos, 99)));
    }
  }

  /** Operations over all measured rounds. */
  long ops() {
    return ops;
  }

  int rounds() {
    return rates.size();
  }

  String unit() {
    return unit;
  }

  double[] rates() {
    return toArray(rates);
  }

  boolean hasLatency() {
    return !p50s.isEmpty();
  }

  double[] p50s() {
    return toArray(p50s);
  }

  double[] p99s() {
    return toArray(p99s);
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
