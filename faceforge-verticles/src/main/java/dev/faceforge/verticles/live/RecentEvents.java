package dev.faceforge.verticles.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recent committed events, already encoded, in a ring the hub appends to and every stream reads: a
 * subscriber that fell behind (its inbox overflowed in a burst, or it connected with a recent
 * {@code Last-Event-ID}) catches up from memory, sharing the hub's bytes, instead of querying the log and
 * converting the rows again. The ring keeps at most {@code capacity} events and about {@code maxBytes} of them;
 * older ones are read from the log.
 *
 * <p>Positions are consecutive, so position {@code p} lives in slot {@code p % capacity}. Only the hub writes
 * (slots first, then {@code newest}); readers on other threads check each slot's position, so a slot that was
 * cleared or reused while they read is seen as "no longer held" and never as the wrong event.
 */
final class RecentEvents {
  /**
   * What a read found.
   *
   * @param events        the matching events after the position asked for, in order
   * @param scannedTo     the last position looked at: nothing else matched up to it
   * @param reachedNewest true if the read looked at everything the hub had appended when it started
   */
  record Page(List<SharedEvent> events, long scannedTo, boolean reachedNewest) {
  }

  private final AtomicReferenceArray<SharedEvent> slots;
  private final long maxBytes;
  private volatile long newest;
  private long oldest; // hub only: the oldest position held, newest + 1 when none
  private long bytes; // hub only

  /** An empty ring after {@code lastPosition} (the log's last position when the hub starts). */
  RecentEvents(int capacity, long maxBytes, long lastPosition) {
    this.slots = new AtomicReferenceArray<>(capacity);
    this.maxBytes = maxBytes;
    this.newest = lastPosition;
    this.oldest = lastPosition + 1;
  }

  /** Hub only: appends one committed batch, dropping the oldest events past either limit. */
  void add(List<SharedEvent> batch) {
    for (SharedEvent e : batch) {
      long p = e.position();
      if (p != newest + 1) {
        dropUpTo(newest); // never expected: a gap would make lookups by position wrong, so start over after it
        oldest = p;
      }
      while (oldest <= newest && (p - oldest >= slots.length() || bytes + size(e) > maxBytes)) {
        dropUpTo(oldest);
      }
      slots.set(slot(p), e);
      bytes += size(e);
      newest = p;
    }
  }

  /**
   * Up to {@code max} events matching {@code filter} after position {@code after}; null when the ring no longer
   * (or never) held the event right after it: the caller reads the log instead.
   */
  Page after(long after, EventFilter filter, int max) {
    long last = newest;
    List<SharedEvent> out = new ArrayList<>();
    long p = after + 1;
    for (; p <= last && out.size() < max; p++) {
      SharedEvent e = slots.get(slot(p));
      if (e == null || e.position() != p) {
        return p == after + 1 ? null : new Page(out, p - 1, false); // dropped meanwhile: read on from the log
      }
      if (filter.matches(e.event())) {
        out.add(e);
      }
    }
    return new Page(out, Math.max(after, p - 1), p > last);
  }

  /** The newest position appended (the log's last position at start when nothing was). */
  long newest() {
    return newest;
  }

  private void dropUpTo(long position) {
    for (; oldest <= position; oldest++) {
      bytes -= size(slots.getAndSet(slot(oldest), null));
    }
  }

  private int slot(long position) {
    return (int) Math.floorMod(position, (long) slots.length());
  }

  /** Roughly what an event keeps alive: its frame bytes and its JSON text. */
  private static long size(SharedEvent e) {
    return e == null ? 0 : e.frameLength() + (long) e.event().json().length();
  }
}
