package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.http.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LiveFormatTest {
  private static LiveEvent event(String type, String data) {
    return CloudEvents.of(new RecordedEvent(7, "ev-1", "entity:abc", 2, type, Instant.parse("2026-01-02T03:04:05.006Z"),
        data, "{\"actor\":\"api\",\"correlation_id\":\"c-1\",\"causation_id\":\"x\"}", "h"));
  }

  @Test
  void cloudEventCarriesEnvelopeExtensionsAndDataVerbatim() {
    LiveEvent e = event("entity.created", "{\"n\": 1.10, \"s\":\"a\\nb\"}");
    assertThat(e.json()).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"ev-1\",\"source\":\"faceforge://core\","
        + "\"type\":\"faceforge.entity.created\",\"subject\":\"entity:abc\",\"time\":\"2026-01-02T03:04:05.006Z\","
        + "\"datacontenttype\":\"application/json\",\"sequence\":7,\"streamversion\":2,\"faceforgeactor\":\"api\","
        + "\"faceforgecorrelationid\":\"c-1\",\"faceforgecausationid\":\"x\",\"data\":{\"n\": 1.10, \"s\":\"a\\nb\"}}");
  }

  @Test
  void sseFrameHasOneDataLinePerPayloadLineAndNoLineBreaksInFields() {
    LiveEvent multiLine = new LiveEvent(9, "entity.created\r\nid: 666", "entity:x", "{\r\n\"a\": 1\n}\r");
    assertThat(SseSink.frame(multiLine)).isEqualTo(
        "id: 9\nevent: faceforge.entity.createdid: 666\ndata: {\ndata: \"a\": 1\ndata: }\ndata: \n\n");
  }

  @Test
  void sseDataLinesEndAtCrLfOrCrOrLfLikeTheSseLineRule() {
    assertThat(SseSink.frame(new LiveEvent(3, "t", "s", "a\r\r\nb\n\nc\n\r")))
        .isEqualTo("id: 3\nevent: faceforge.t\ndata: a\ndata: \ndata: b\ndata: \ndata: c\ndata: \ndata: \n\n");
    assertThat(SseSink.frame(new LiveEvent(4, "t", "s", "{\"a\":1}")))
        .isEqualTo("id: 4\nevent: faceforge.t\ndata: {\"a\":1}\n\n");
    for (String payload : List.of("", "\r", "\n", "\r\n", "\n\r", "\r\r", "x\r", "\ry", "{}\r\n", "a\nb\rc\r\nd")) {
      String lines = Arrays.stream(payload.split("\r\n|\r|\n", -1)).map(l -> "data: " + l + "\n")
          .collect(Collectors.joining());
      assertThat(SseSink.frame(new LiveEvent(5, "t", "s", payload))).as("payload %s", payload.replace("\r", "CR")
          .replace("\n", "LF")).isEqualTo("id: 5\nevent: faceforge.t\n" + lines + "\n");
    }
  }

  @Test
  void theSharedFrameIsTheSseFrameInUtf8() {
    LiveEvent e = event("entity.created", "{\"display_name\":\"Zoë 李\",\"emoji\":\"\uD83D\uDE00\"}");
    SharedEvent shared = SharedEvent.of(e);
    assertThat(shared.position()).isEqualTo(7);
    assertThat(shared.event()).isSameAs(e);
    assertThat(shared.sseFrame().getBytes()).isEqualTo(SseSink.frame(e).getBytes(StandardCharsets.UTF_8));
    assertThat(shared.sseFrame().toString(StandardCharsets.UTF_8)).endsWith(",\"data\":{\"display_name\":\"Zoë 李\","
        + "\"emoji\":\"\uD83D\uDE00\"}}\n\n");
  }

  @Test
  void aBatchIsEncodedAsConsecutiveFramesInOneSharedBuffer() {
    List<LiveEvent> batch = List.of(new LiveEvent(1, "a", "s", "{\"x\":\"é\"}"), new LiveEvent(2, "b", "s", "{}"),
        new LiveEvent(3, "c", "s", "{\"y\":1}"));
    List<SharedEvent> shared = SharedEvent.encode(batch);
    assertThat(shared).extracting(SharedEvent::event).containsExactlyElementsOf(batch);
    for (SharedEvent e : shared) {
      assertThat(e.frames()).isSameAs(shared.get(0).frames());
      assertThat(e.sseFrame().toString(StandardCharsets.UTF_8)).isEqualTo(SseSink.frame(e.event()));
    }
    assertThat(shared.get(0).followedBy(shared.get(1))).isTrue();
    assertThat(shared.get(1).followedBy(shared.get(2))).isTrue();
    assertThat(shared.get(0).followedBy(shared.get(2))).isFalse();
    assertThat(shared.get(2).followedBy(SharedEvent.of(new LiveEvent(4, "d", "s", "{}")))).isFalse();
    assertThat(shared.get(0).frames().toString(StandardCharsets.UTF_8))
        .isEqualTo(batch.stream().map(SseSink::frame).collect(Collectors.joining()));
  }

  @Test
  void aStreamStallsOnlyWhenItsQueueStaysFullWithoutProgressAcrossTwoHeartbeats() {
    StallDetector d = new StallDetector();
    assertThat(d.stalled(true, 5)).isFalse();
    assertThat(d.stalled(true, 9)).isFalse(); // full, but progress since the last beat
    assertThat(d.stalled(true, 9)).isFalse(); // first beat without progress
    assertThat(d.stalled(true, 9)).isTrue();
    StallDetector idle = new StallDetector();
    assertThat(idle.stalled(false, 3)).isFalse();
    assertThat(idle.stalled(false, 3)).isFalse(); // nothing to send is not a stall
    assertThat(idle.stalled(true, 3)).isFalse();
  }

  @Test
  void typeFiltersAcceptThePrefixWithOrWithoutFaceforgeAndSubjectsMayEndInStar() {
    EventFilter f = EventFilter.parse("faceforge.entity.created, asset.", "entity:*");
    assertThat(f.typePrefixes()).containsExactly("entity.created", "asset.");
    assertThat(f.matches(new LiveEvent(1, "entity.created", "entity:1", "{}"))).isTrue();
    assertThat(f.matches(new LiveEvent(1, "entity.updated", "entity:1", "{}"))).isFalse();
    assertThat(f.matches(new LiveEvent(1, "asset.created", "asset:1", "{}"))).isFalse();
    assertThat(EventFilter.parse("faceforge.", null).matchesAll()).isTrue();
    assertThat(EventFilter.parse(null, "entity:1").matches(new LiveEvent(1, "x", "entity:12", "{}"))).isFalse();
    assertThat(EventFilter.parse("", "*")).isEqualTo(EventFilter.ALL);
    assertThatThrownBy(() -> EventFilter.parse("entity;", null)).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> EventFilter.parse(String.join(",", List.of("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u")),
        null)).isInstanceOf(Problem.class);
  }
}
