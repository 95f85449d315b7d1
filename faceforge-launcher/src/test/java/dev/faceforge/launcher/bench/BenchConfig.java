package dev.faceforge.launcher.bench;

/**
 * How much work each benchmark does. {@link #full()} is the documented run (5 measured rounds after a
 * warm-up); {@link #quick()} is a smoke run with small counts and one round.
 *
 * @param rounds           measured rounds per benchmark (after one warm-up)
 * @param createsSerial    creates per round at concurrency 1
 * @param createsParallel  creates per round at concurrency {@link #CONCURRENCY}
 * @param gets             gets per round
 * @param searchEntities   live entities present while list/search run (creates plus a bulk top-up)
 * @param queries          list or search requests per round (concurrency 1)
 * @param appendUnits      units per round for the batched raw append ({@link #BATCH} events each)
 * @param appendSingles    single-event units per round for the raw append from {@link #CONCURRENCY} threads
 * @param rebuildEvents    minimum size of the mixed log the rebuild replays
 * @param warmUpSeconds    longest JIT warm-up before the HTTP benchmarks (it stops earlier once the JIT is quiet)
 * @param assetMiB         size of the file the asset upload/download rows move
 * @param rangeRequests    1 MiB range requests per round of the random-range download row
 * @param importFiles      4 KiB files per bulk import round
 * @param subscribers      SSE subscribers of the fan-out row
 */
record BenchConfig(String name, int rounds, int createsSerial, int createsParallel, int gets, int searchEntities,
                   int queries, int appendUnits, int appendSingles, int rebuildEvents, int warmUpSeconds,
                   int assetMiB, int rangeRequests, int importFiles, int subscribers) {
  /** In-flight requests (or submitting threads) for the concurrent benchmarks. */
  static final int CONCURRENCY = 16;
  /** Events per unit of work in the batched raw append. */
  static final int BATCH = 100;

  static BenchConfig full() {
    return new BenchConfig("full", 5, 500, 2_500, 20_000, 20_000, 200, 200, 5_000, 100_000, 45, 1_024, 2_000, 5_000, 200);
  }

  static BenchConfig quick() {
    return new BenchConfig("quick", 1, 100, 500, 2_000, 2_000, 50, 20, 1_000, 10_000, 5, 64, 200, 500, 20);
  }

  /** Past this much measuring, a benchmark stops after 3 measured rounds (a slow system still finishes). */
  static final long BUDGET_NANOS = 40_000_000_000L;

  /** True when a benchmark that started measuring at {@code startNanos} has done enough rounds. */
  boolean enough(int measuredRounds, long startNanos) {
    return measuredRounds >= rounds
        || measuredRounds >= Math.min(3, rounds) && System.nanoTime() - startNanos > BUDGET_NANOS;
  }

  /** Creates done by the create benchmarks, warm-ups included (each warm-up is one extra round). */
  int totalCreates() {
    return (rounds + 1) * (createsSerial + createsParallel);
  }
}
