package dev.faceforge.verticles.live;

import java.util.List;

/**
 * Where a {@link Subscription} writes: one client connection (SSE response or WebSocket). All calls happen on
 * the connection's context.
 */
interface Sink {
  /** Starts the stream (headers, reconnect hint) and calls {@code onClose} once the connection is gone. */
  void open(Runnable onClose);

  /**
   * Writes {@code events} in order, as one write where the transport allows (SSE: one HTTP chunk, so one flush and
   * one system call for everything a drain found); never called with an empty list.
   */
  void write(List<SharedEvent> events);

  /** Keeps idle connections (and the proxies between) alive. */
  void heartbeat();

  boolean writeQueueFull();

  /** Calls {@code next} once the write queue has drained (replacing any earlier one). */
  void whenDrained(Runnable next);

  /** Drops the connection; the client resumes from the last id it received. */
  void close(String reason);
}
