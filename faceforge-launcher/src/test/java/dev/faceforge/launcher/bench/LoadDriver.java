package dev.faceforge.launcher.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A closed-loop load generator on one Vert.x context: keeps exactly {@code concurrency} operations in
 * flight until {@code total} have completed, timing each from issue to completion. All bookkeeping
 * happens on the context's thread, so it needs no locks. The first failure stops the run and is rethrown.
 */
final class LoadDriver {
  private final Context context;

  /** The outcome of one run: how many operations, the wall time, each operation's latency. */
  record Run(int count, long nanos, long[] latencyNanos) {
  }

  LoadDriver(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  /** The thread the driver (and so the HTTP client) runs on. */
  Thread thread() {
    CompletableFuture<Thread> t = new CompletableFuture<>();
    context.runOnContext(v -> t.complete(Thread.currentThread()));
    return t.join();
  }

  /** Runs operations {@code 0..total-1}; {@code op} issues operation {@code i} and fails on any wrong answer. */
  Run run(int total, int concurrency, IntFunction<Future<?>> op) {
    CompletableFuture<Run> done = new CompletableFuture<>();
    context.runOnContext(v -> new Loop(total, op, done).start(Math.min(concurrency, total)));
    try {
      return done.get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new BenchFailure("load run failed: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.toString();
  }

  /** The state of one run, confined to the context thread. */
  private static final class Loop {
    private final int total;
    private final IntFunction<Future<?>> op;
    private final CompletableFuture<Run> done;
    private final long[] latencies;
    private int issued;
    private int completed;
    private long start;

    Loop(int total, IntFunction<Future<?>> op, CompletableFuture<Run> done) {
      this.total = total;
      this.op = op;
      this.done = done;
      this.latencies = new long[total];
    }

    void start(int inFlight) {
      start = System.nanoTime();
      for (int k = 0; k < inFlight; k++) {
        issue();
      }
    }

    private void issue() {
      int i = issued++;
      long t0 = System.nanoTime();
      Future<?> f;
      try {
        f = op.apply(i);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        return;
      }
      f.onComplete(ar -> {
        if (ar.failed()) {
          done.completeExceptionally(ar.cause());
          return;
        }
        long now = System.nanoTime();
        latencies[i] = now - t0;
        if (++completed == total) {
          done.complete(new Run(total, now - start, latencies));
        } else if (issued < total && !done.isDone()) {
          issue();
        }
      });
    }
  }
}
