package dev.faceforge.verticles.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the same request from many threads at once, for race tests. */
public final class Concurrently {
  /** One of the concurrent calls; {@code i} is its index. */
  public interface Call {
    int run(int i) throws Exception;
  }

  private Concurrently() {
  }

  /** Runs {@code n} calls released together and returns their results in call order. */
  public static List<Integer> run(int n, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        results.add(pool.submit(() -> {
          start.await();
          return call.run(index);
        }));
      }
      start.countDown();
      List<Integer> out = new ArrayList<>();
      for (Future<Integer> f : results) {
        out.add(f.get(30, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
