package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-over from catch-up to live under fire: while a writer thread keeps creating entities through the
 * API (single creates and bursts), a client drops its connection at random moments and resumes (alternating
 * Last-Event-ID and ?after=). Stitched together, what it received must be the log: every event exactly once,
 * in order. The second run uses tiny pages and inboxes, so catch-up spans many pages and inboxes overflow; the
 * third also keeps only 8 recent events in memory, so catch-up switches between memory and the log.
 */
class SseResumeUnderWritesTest {
  private static final int RECONNECTS = 20;

  @TempDir
  Path home;

  static List<LiveOptions> options() {
    LiveOptions d = LiveOptions.defaults();
    LiveOptions tiny = new LiveOptions(d.heartbeat(), d.retry(), 3, 4, d.writeQueueMaxBytes());
    // a ring of 8 events: catch-up keeps crossing its edge, from memory to the log and back, under writes
    return List.of(d, tiny, tiny.withRecent(8, d.recentBytes()));
  }

  @ParameterizedTest
  @MethodSource("options")
  void aClientReconnectingAtRandomMomentsSeesEveryEventExactlyOnceInOrder(LiveOptions options) throws Exception {
    try (RunningServer s = RunningServer.start(home, options)) {
      HttpClient http = s.vertx.createHttpClient();
      Random random = new Random(42);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger written = new AtomicInteger();
      Thread writer = new Thread(() -> {
        while (!stop.get() || written.get() < 200) {
          if (written.incrementAndGet() % 10 == 0) {
            Api.bulkCreate(s, "b" + written.get() + "-", 12); // one transaction of 12 events: a burst
          } else {
            Api.createEntity(s, "w" + written.get());
          }
        }
      }, "test-writer");
      Api.createEntity(s, "seed");
      writer.start();

      List<SseClient.Event> received = new ArrayList<>();
      long last = 0;
      for (int i = 0; i <= RECONNECTS; i++) {
        boolean useHeader = i % 2 == 1;
        SseClient c = useHeader
            ? SseClient.open(s.vertx, http, s.server.actualPort(), "/v1/events/stream?after=0", "Last-Event-ID", "" + last)
            : SseClient.open(s.vertx, http, s.server.actualPort(), "/v1/events/stream?after=" + last);
        Thread.sleep(random.nextInt(150));
        if (i == RECONNECTS) {
          Thread.sleep(1000); // the last connection lives through more writes and bursts, then reaches the end
          stop.set(true);
          writer.join();
          long end = s.server.store().lastPosition();
          Poll.until(Duration.ofSeconds(20), () -> "the last event " + end, () -> c.lastId() >= end);
        }
        c.close();
        List<SseClient.Event> got = c.events();
        received.addAll(got);
        if (!got.isEmpty()) {
          last = got.get(got.size() - 1).id();
        }
      }

      List<RecordedEvent> log = Api.log(s);
      assertThat(log.size()).isGreaterThan(200);
      assertThat(received).extracting(SseClient.Event::id).containsExactlyElementsOf(Api.positions(log));
      assertThat(received).extracting(e -> e.json().getString("id"))
          .containsExactlyElementsOf(log.stream().map(RecordedEvent::eventId).toList());
      if (options.recentEvents() == 8) {
        assertThat(s.server.live().recentPages()).as("catch-up pages from memory").isPositive();
        assertThat(s.server.live().logPages()).as("catch-up pages from the log").isPositive();
      }
    }
  }
}
