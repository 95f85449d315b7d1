package dev.faceforge.verticles.live;

import io.vertx.core.Context;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's bounded hand-off from the hub to the subscriber's own context. The hub (one thread) offers
 * matching events; the owner polls them on its context. When an offer does not fit, the inbox refuses it and
 * every later one and raises {@link #overflowed()} — nothing is buffered past {@code limit}; the owner
 * decides (re-read from the log, or disconnect a client that is not reading) and then {@link #reset()}s.
 */
final class Inbox {
  private final EventFilter filter;
  private final int limit;
  private final Context owner;
  private final Runnable signal;
  private final Queue<SharedEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean overflowed;

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
    List<SharedEvent> matching = filter.matchesAll() ? batch : batch.stream().filter(e -> filter.matches(e.event())).toList();
    if (matching.isEmpty()) {
      return size.get();
    }
    int now = size.get();
    if (now + matching.size() > limit) {
      overflowed = true;
    } else {
      queue.addAll(matching);
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
    SharedEvent e = queue.poll();
    if (e != null) {
      size.decrementAndGet();
    }
    return e;
  }

  boolean overflowed() {
    return overflowed;
  }

  /** Owner side: drops what is queued and accepts offers again (the dropped events are read from the log). */
  void reset() {
    while (poll() != null) {
      // drop: every dropped event is committed, so the owner's next log read returns it
    }
    overflowed = false;
  }
}
