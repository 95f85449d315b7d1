package dev.faceforge.verticles.live;

import io.vertx.core.Future;

/**
 * Bytes written to one connection but not yet handed to the socket, counted from the write futures. Vert.x's own
 * {@code writeQueueFull()} only turns true once its queue holds several messages beyond the channel's mark, which
 * for large events is megabytes; this keeps a stream's unsent bytes at most {@code maxBytes} plus one write.
 * Used on the connection's context only.
 */
final class WriteBudget {
  private final int maxBytes;
  private long pending;
  private Runnable onDrained;

  WriteBudget(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Counts {@code bytes} until {@code write} completes (or fails: a dead connection holds nothing). */
  void track(Future<Void> write, int bytes) {
    pending += bytes;
    write.onComplete(ar -> released(bytes));
  }

  private void released(int bytes) {
    pending -= bytes;
    if (onDrained != null && pending <= maxBytes / 2) {
      Runnable next = onDrained;
      onDrained = null;
      next.run();
    }
  }

  boolean full() {
    return pending > maxBytes;
  }

  /** Runs {@code next} once at most half the budget is pending (replacing any earlier one). */
  void whenDrained(Runnable next) {
    onDrained = next;
  }
}
