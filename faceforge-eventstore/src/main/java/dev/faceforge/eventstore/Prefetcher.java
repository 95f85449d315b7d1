package dev.faceforge.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs a producer on a thread of its own and hands what it produces to the caller in batches, so reading
 * and decoding overlap with the caller's work (a rebuild projecting, an import inserting: SQLite takes one
 * writer, which stays on the caller's thread). The queue is bounded, so a slow caller slows the producer. A
 * producer's failure is thrown by {@link #take}; {@link #close} stops a producer the caller no longer needs.
 *
 * @param <T> what the producer makes
 */
public final class Prefetcher<T> implements AutoCloseable {
  private static final int BATCH = 256;
  private static final int DEPTH = 16;
  private static final List<Object> END = new ArrayList<>(0);

  private final BlockingQueue<List<T>> queue = new ArrayBlockingQueue<>(DEPTH);
  private final Thread thread;
  private volatile RuntimeException failure;
  private boolean ended;
  private List<T> batch = new ArrayList<>(BATCH);

  private Prefetcher(String threadName, Consumer<Consumer<T>> producer) {
    thread = new Thread(() -> run(producer), threadName);
    thread.setDaemon(true);
  }

  /** Starts {@code producer} (which calls its argument once per item, in order) on a thread named {@code name}. */
  public static <T> Prefetcher<T> start(String name, Consumer<Consumer<T>> producer) {
    Prefetcher<T> p = new Prefetcher<>(name, producer);
    p.thread.start();
    return p;
  }

  private void run(Consumer<Consumer<T>> producer) {
    try {
      producer.accept(item -> {
        batch.add(item);
        if (batch.size() == BATCH) {
          put(batch);
          batch = new ArrayList<>(BATCH);
        }
      });
      if (!batch.isEmpty()) {
        put(batch);
      }
      put(end());
    } catch (Stopped stopped) {
      // the caller closed: nobody takes any more
    } catch (RuntimeException e) {
      failure = e;
      try {
        if (!batch.isEmpty()) {
          queue.put(batch); // what came before the failure, then the failure
        }
        queue.put(end());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private List<T> end() {
    return (List<T>) END;
  }

  private void put(List<T> items) {
    try {
      queue.put(items);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  /** The next batch, in order; an empty list once the producer is done. Throws what the producer threw. */
  public List<T> take() {
    if (ended) {
      return List.of();
    }
    try {
      List<T> items = queue.take();
      if (items == END) {
        ended = true;
        if (failure != null) {
          throw failure;
        }
      }
      return items;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while waiting for " + thread.getName(), e);
    }
  }

  /** Stops the producer if it still runs and waits for its thread to end. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while stopping " + thread.getName(), e);
    }
  }

  /** Unwinds the producer when the caller stopped taking. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }
}
