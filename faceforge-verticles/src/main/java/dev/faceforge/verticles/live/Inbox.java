package dev.faceforge.verticles.live;

import io.vertx.core.Context;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's bounded hand-off from the hub to the subscriber's own context. The hub (one thread) offers
 * the matching events of each committed batch (one queue entry per batch: the hub's own list when every event
 * matches); the owner polls them one by one on its context. When an offer does not fit, the inbox refuses it and
 * every later one and raises {@link #overflowed()} — nothing is buffered past {@code limit} events; the owner
 * decides (re-read what it missed, or disconnect a client that is not reading) and then {@link #reset()}s.
 */
final class Inbox {
  private final EventFilter filter;
  private final int limit;
  private final Context owner;
  private final Runnable signal;
  private final Queue<List<SharedEvent>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean overflowed;
  private List<SharedEvent> current = List.of(); // owner only: the batch being polled
  private int next; // owner only: its next index

  Inbox(EventFilter filter, int limit, Context owner, Runnable signal) {
    this.filter = filter;
    this.limit = limit;
    this.owner = owner;
    this.signal = signal;
  }

  /** Hub side: queues the matching events of one committed batch, or overflows. Never blocks. */
  int offer(List<SharedEvent> batch) {
    if (overflowed) {
      return size.get();
    }
    List<SharedEvent> matching = filter.matchesAll() ? batch
        : batch.stream().filter(e -> filter.matches(e.event())).toList();
    if (matching.isEmpty()) {
      return size.get();
    }
    int now = size.get();
    if (now + matching.size() > limit) {
      overflowed = true;
    } else {
      queue.add(matching);
      now = size.addAndGet(matching.size());
    }
    schedule();
    return now;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      owner.runOnContext(v -> {
        scheduled.set(false);
        signal.run();
      });
    }
  }

  /** Owner side: the next queued event, or null. */
  SharedEvent poll() {
    if (next == current.size()) {
      List<SharedEvent> batch = queue.poll();
      if (batch == null) {
        return null;
      }
      current = batch;
      next = 0;
    }
    size.decrementAndGet();
    return current.get(next++);
  }

  boolean overflowed() {
    return overflowed;
  }

  /** Owner side: drops what is queued and accepts offers again (the dropped events are read again elsewhere). */
  void reset() {
    while (poll() != null) {
      // drop: every dropped event is committed, so the owner's next read returns it
    }
    overflowed = false;
  }
}
