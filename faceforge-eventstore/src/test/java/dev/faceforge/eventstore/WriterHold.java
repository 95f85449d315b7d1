package dev.faceforge.eventstore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Parks the store's single writer inside a unit of work until closed. Units submitted while it is
 * held queue up and are then drained into one transaction together: a deterministic group commit.
 */
final class WriterHold implements AutoCloseable {
  private final CountDownLatch release = new CountDownLatch(1);
  private final CompletableFuture<Void> parked;

  private WriterHold(EventStore store) throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    parked = store.submit(s -> {
      entered.countDown();
      release.await();
      return null;
    });
    if (!entered.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the writer never picked up the hold");
    }
  }

  static WriterHold on(EventStore store) throws InterruptedException {
    return new WriterHold(store);
  }

  @Override
  public void close() {
    release.countDown();
    Fixtures.await(parked);
  }
}
