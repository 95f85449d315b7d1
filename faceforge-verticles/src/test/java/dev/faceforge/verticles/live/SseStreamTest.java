package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SseStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path home;
  RunningServer s;
  HttpClient http;

  @BeforeEach
  void start() throws Exception {
    s = RunningServer.start(home, LiveOptions.defaults().withHeartbeat(Duration.ofMillis(100)));
    http = s.vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  private SseClient open(String uri, String... headers) {
    return SseClient.open(s.vertx, http, s.server.actualPort(), uri, headers);
  }

  @Test
  void streamAnnouncesRetryAndSendsEachEventAsIdEventAndCloudEventData() {
    String id = Api.createEntity(s, "Ada");
    SseClient c = open("/v1/events/stream?after=0", "Accept-Encoding", "gzip, deflate");
    assertThat(c.response().statusCode()).isEqualTo(200);
    assertThat(c.response().getHeader("Content-Encoding")).isNull(); // never compressed: no held-back events
    assertThat(c.response().getHeader("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(c.response().getHeader("Cache-Control")).isEqualTo("no-store");
    Poll.until(WAIT, () -> "the first event", () -> c.events().size() == 1);

    RecordedEvent logged = Api.log(s).get(0);
    SseClient.Event e = c.events().get(0);
    assertThat(c.retry()).isEqualTo("3000");
    assertThat(e.id()).isEqualTo(1);
    assertThat(e.type()).isEqualTo("faceforge.entity.created");
    JsonObject ce = e.json();
    assertThat(ce.getString("id")).isEqualTo(logged.eventId());
    assertThat(ce.getString("subject")).isEqualTo("entity:" + id);
    assertThat(ce.getLong("sequence")).isEqualTo(1);
    assertThat(ce.getJsonObject("data")).isEqualTo(new JsonObject(logged.data()));
  }

  @Test
  void idleStreamSendsHeartbeatComments() {
    SseClient c = open("/v1/events/stream");
    Poll.until(WAIT, () -> "two heartbeats, got " + c.comments(),
        () -> c.comments().stream().filter("heartbeat"::equals).count() >= 2);
    assertThat(c.comments().get(0)).isEqualTo("connected");
    assertThat(c.events()).isEmpty();
  }

  @Test
  void withoutAPositionTheStreamStartsAtTheEndOfTheLog() {
    Api.createEntity(s, "before");
    SseClient c = open("/v1/events/stream");
    Poll.until(WAIT, () -> "the subscription", () -> s.server.live().subscriberCount() == 1);
    Api.createEntity(s, "after");
    Poll.until(WAIT, () -> "the new event", () -> c.events().size() == 1);
    assertThat(c.ids()).containsExactly(2L);
  }

  @Test
  void lastEventIdResumesRightAfterThatEventAndWinsOverAfter() {
    for (int i = 0; i < 5; i++) {
      Api.createEntity(s, "e" + i);
    }
    SseClient byHeader = open("/v1/events/stream?after=1", "Last-Event-ID", "3");
    SseClient byQuery = open("/v1/events/stream?after=2");
    Poll.until(WAIT, () -> "the catch-up", () -> byHeader.ids().size() == 2 && byQuery.ids().size() == 3);
    Api.createEntity(s, "live");
    Poll.until(WAIT, () -> "the live event", () -> byHeader.lastId() == 6 && byQuery.lastId() == 6);
    assertThat(byHeader.ids()).containsExactly(4L, 5L, 6L);
    assertThat(byQuery.ids()).containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  void aResumeWithinTheRecentEventsIsServedFromMemoryAndAnOlderOneFromTheLog() throws Exception {
    for (int i = 0; i < 5; i++) {
      Api.createEntity(s, "e" + i);
    }
    SseClient recent = open("/v1/events/stream", "Last-Event-ID", "2");
    Poll.until(WAIT, () -> "the catch-up from memory", () -> recent.lastId() == 5);
    assertThat(recent.ids()).containsExactly(3L, 4L, 5L);
    assertThat(s.server.live().logPages()).isZero();
    assertThat(s.server.live().recentPages()).isPositive();
    s.close();

    s = RunningServer.start(home, LiveOptions.defaults().withRecent(2, 1 << 20)); // the ring starts empty at 5
    http = s.vertx.createHttpClient();
    for (int i = 5; i < 10; i++) {
      Api.createEntity(s, "e" + i); // the ring keeps 9 and 10
    }
    SseClient old = open("/v1/events/stream?after=1");
    Poll.until(WAIT, () -> "the catch-up from the log", () -> old.lastId() == 10);
    Api.createEntity(s, "live");
    Poll.until(WAIT, () -> "the live event", () -> old.lastId() == 11);
    assertThat(old.ids()).containsExactlyElementsOf(range(2, 11));
    assertThat(s.server.live().logPages()).isPositive();
  }

  @Test
  void typeAndSubjectFiltersSelectEvents() throws Exception {
    String ada = Api.createEntity(s, "Ada");
    String bob = Api.createEntity(s, "Bob");
    s.call("PATCH", "/v1/entities/" + ada, "{\"tags\":[\"x\"]}");
    s.call("PATCH", "/v1/entities/" + bob, "{\"tags\":[\"y\"]}");
    SseClient updates = open("/v1/events/stream?after=0&types=faceforge.entity.updated");
    SseClient adaOnly = open("/v1/events/stream?after=0&subject=entity:" + ada);
    SseClient entities = open("/v1/events/stream?after=0&subject=entity:*&types=entity.,asset.");
    SseClient none = open("/v1/events/stream?after=0&subject=asset:*");
    Poll.until(WAIT, () -> "filtered catch-up", () -> updates.ids().size() == 2 && adaOnly.ids().size() == 2
        && entities.ids().size() == 4);
    Api.createEntity(s, "Cy");
    s.call("PATCH", "/v1/entities/" + ada, "{\"tags\":[\"z\"]}");
    Poll.until(WAIT, () -> "filtered live events", () -> updates.ids().size() == 3 && adaOnly.ids().size() == 3
        && entities.ids().size() == 6);
    assertThat(updates.ids()).containsExactly(3L, 4L, 6L);
    assertThat(adaOnly.ids()).containsExactly(1L, 3L, 6L);
    assertThat(entities.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(none.events()).isEmpty();
    assertThat(updates.events()).extracting(SseClient.Event::type).containsOnly("faceforge.entity.updated");
  }

  @Test
  void malformedPositionsAndFiltersAreRejected() throws Exception {
    assertThat(s.call("GET", "/v1/events/stream?after=-1", null).statusCode()).isEqualTo(400);
    assertThat(s.call("GET", "/v1/events/stream", null, "Last-Event-ID", "abc").statusCode()).isEqualTo(400);
    assertThat(s.call("GET", "/v1/events/stream?types=entity%0A", null).statusCode()).isEqualTo(400);
    assertThat(s.server.live().subscriberCount()).isZero();
  }

  @Test
  void closingTheConnectionUnregistersTheSubscriber() {
    SseClient c = open("/v1/events/stream");
    Poll.until(WAIT, () -> "the subscription", () -> s.server.live().subscriberCount() == 1);
    c.close();
    Poll.until(WAIT, () -> "the unsubscription", () -> s.server.live().subscriberCount() == 0);
  }

  @Test
  void missingTokenIs401() throws Exception {
    var r = s.raw(HttpRequest.newBuilder(URI.create(s.base() + "/v1/events/stream")).build());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(s.server.live().subscriberCount()).isZero();
  }

  static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }
}
