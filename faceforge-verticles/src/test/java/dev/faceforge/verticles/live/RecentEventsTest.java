package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
  private static final long NO_BYTE_LIMIT = Long.MAX_VALUE;

  private static SharedEvent event(long position) {
    String type = position % 3 == 0 ? "entity.updated" : "entity.created";
    return SharedEvent.of(new LiveEvent(position, type, "entity:" + position, "{\"p\":" + position + "}"));
  }

  private static List<SharedEvent> events(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(RecentEventsTest::event).toList();
  }

  private static List<Long> positions(RecentEvents.Page page) {
    return page.events().stream().map(SharedEvent::position).toList();
  }

  @Test
  void readsAfterAPositionAcrossTheRingsEdgeAndRefusesWhatItDropped() {
    RecentEvents ring = new RecentEvents(4, NO_BYTE_LIMIT, 0);
    ring.add(events(1, 3));
    ring.add(events(4, 10)); // holds 7..10, slots wrapped twice
    assertThat(positions(ring.after(6, EventFilter.ALL, 100))).containsExactly(7L, 8L, 9L, 10L);
    assertThat(ring.after(6, EventFilter.ALL, 100).reachedNewest()).isTrue();
    assertThat(ring.after(5, EventFilter.ALL, 100)).as("6 was dropped: read the log").isNull();
    assertThat(ring.after(0, EventFilter.ALL, 100)).isNull();
    RecentEvents.Page two = ring.after(6, EventFilter.ALL, 2);
    assertThat(positions(two)).containsExactly(7L, 8L);
    assertThat(two.scannedTo()).isEqualTo(8);
    assertThat(two.reachedNewest()).isFalse();
    RecentEvents.Page none = ring.after(10, EventFilter.ALL, 100);
    assertThat(none.events()).isEmpty();
    assertThat(none.scannedTo()).isEqualTo(10);
    assertThat(none.reachedNewest()).isTrue();
    assertThat(ring.after(12, EventFilter.ALL, 100).reachedNewest()).as("ahead of the hub: wait for it").isTrue();
  }

  @Test
  void aFilteredReadSkipsWhatDoesNotMatchAndSaysHowFarItLooked() {
    RecentEvents ring = new RecentEvents(16, NO_BYTE_LIMIT, 0);
    ring.add(events(1, 10));
    EventFilter updates = EventFilter.parse("entity.updated", null);
    RecentEvents.Page page = ring.after(0, updates, 2);
    assertThat(positions(page)).containsExactly(3L, 6L);
    assertThat(page.scannedTo()).isEqualTo(6);
    RecentEvents.Page rest = ring.after(page.scannedTo(), updates, 2);
    assertThat(positions(rest)).containsExactly(9L);
    assertThat(rest.scannedTo()).isEqualTo(10);
    assertThat(rest.reachedNewest()).isTrue();
  }

  @Test
  void startsEmptyAfterTheLogsLastPositionAndKeepsOnlyWhatFitsItsBytes() {
    RecentEvents ring = new RecentEvents(100, 3 * size(event(10)), 9);
    assertThat(ring.after(8, EventFilter.ALL, 10)).as("the log holds 9, the ring never did").isNull();
    assertThat(ring.after(9, EventFilter.ALL, 10).events()).isEmpty();
    ring.add(events(10, 14));
    assertThat(ring.after(10, EventFilter.ALL, 10)).as("11 went to make room").isNull();
    assertThat(positions(ring.after(11, EventFilter.ALL, 10))).containsExactly(12L, 13L, 14L);
    assertThat(ring.newest()).isEqualTo(14);
  }

  @Test
  void aGapInPositionsIsNeverBridged() {
    RecentEvents ring = new RecentEvents(16, NO_BYTE_LIMIT, 0);
    ring.add(events(1, 2));
    ring.add(events(5, 6));
    assertThat(ring.after(2, EventFilter.ALL, 10)).isNull();
    assertThat(ring.after(3, EventFilter.ALL, 10)).isNull();
    assertThat(positions(ring.after(4, EventFilter.ALL, 10))).containsExactly(5L, 6L);
  }

  /**
   * A reader racing the hub around a small ring: what it takes from the ring, plus what it reads "from the log"
   * whenever the ring no longer holds the next position, must be every position exactly once, in order.
   */
  @Test
  void aReaderRacingTheWriterAroundTheRingNeverSkipsOrRepeats() throws Exception {
    long total = 300_000;
    RecentEvents ring = new RecentEvents(64, NO_BYTE_LIMIT, 0);
    AtomicBoolean done = new AtomicBoolean();
    Thread hub = new Thread(() -> {
      Random random = new Random(1);
      for (long p = 1; p <= total; ) {
        long to = Math.min(total, p + random.nextInt(40));
        ring.add(events(p, to));
        p = to + 1;
      }
      done.set(true);
    }, "test-hub");
    List<Thread> readers = new ArrayList<>();
    AtomicReference<String> failure = new AtomicReference<>();
    for (int r = 0; r < 3; r++) {
      readers.add(new Thread(() -> read(ring, total, done, failure), "test-reader-" + r));
    }
    hub.start();
    readers.forEach(Thread::start);
    hub.join();
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failure.get()).isNull();
  }

  private static void read(RecentEvents ring, long total, AtomicBoolean done, AtomicReference<String> failure) {
    long cursor = 0;
    long fromRing = 0;
    while (cursor < total) {
      boolean finished = done.get();
      RecentEvents.Page page = ring.after(cursor, EventFilter.ALL, 1 + (int) (cursor % 50));
      if (page == null) {
        cursor = Math.min(total, cursor + 7); // the log holds every position: read a page of it
        continue;
      }
      for (SharedEvent e : page.events()) {
        if (e.position() != cursor + 1 || !e.event().json().equals("{\"p\":" + e.position() + "}")) {
          failure.compareAndSet(null, "after " + cursor + " the ring gave " + e.position());
          return;
        }
        cursor++;
        fromRing++;
      }
      if (page.scannedTo() != cursor) {
        failure.compareAndSet(null, "scanned to " + page.scannedTo() + " but the last event was " + cursor);
        return;
      }
      if (page.events().isEmpty() && finished && cursor < total) {
        failure.compareAndSet(null, "stuck at " + cursor);
        return;
      }
    }
    if (fromRing == 0) {
      failure.compareAndSet(null, "never read from the ring");
    }
  }

  private static long size(SharedEvent e) {
    return e.sseFrame().length() + (long) e.event().json().length();
  }
}
