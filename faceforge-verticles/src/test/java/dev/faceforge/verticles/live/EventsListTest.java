package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsListTest {
  @TempDir
  Path home;
  RunningServer s;

  @BeforeEach
  void start() throws Exception {
    s = RunningServer.start(home);
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  private JsonObject get(String uri) throws Exception {
    var r = s.call("GET", uri, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return s.json(r);
  }

  @Test
  void eachItemIsTheLoggedEventAsACloudEvent() throws Exception {
    var created = s.call("POST", "/v1/entities", "{\"display_name\":\"Ada\"}", "X-Request-Id", "req-42");
    String id = s.json(created).getString("entity_id");

    JsonObject ce = get("/v1/events").getJsonArray("items").getJsonObject(0);

    RecordedEvent logged = Api.log(s).get(0);
    assertThat(ce.fieldNames()).containsExactlyInAnyOrder("specversion", "id", "source", "type", "subject", "time",
        "datacontenttype", "data", "sequence", "streamversion", "faceforgeactor", "faceforgecorrelationid");
    assertThat(ce.getString("specversion")).isEqualTo("1.0");
    assertThat(ce.getString("id")).isEqualTo(logged.eventId());
    assertThat(ce.getString("source")).isEqualTo("faceforge://core");
    assertThat(ce.getString("type")).isEqualTo("faceforge.entity.created");
    assertThat(ce.getString("subject")).isEqualTo("entity:" + id);
    assertThat(ce.getString("time")).isEqualTo(Times.format(logged.time()));
    assertThat(ce.getString("datacontenttype")).isEqualTo("application/json");
    assertThat(ce.getValue("sequence")).isEqualTo(1);
    assertThat(ce.getValue("streamversion")).isEqualTo(1);
    assertThat(ce.getString("faceforgeactor")).isEqualTo("api");
    assertThat(ce.getString("faceforgecorrelationid")).isEqualTo("req-42");
    assertThat(ce.getJsonObject("data")).isEqualTo(new JsonObject(logged.data()));
  }

  @Test
  void dataIsEmbeddedVerbatim() throws Exception {
    Api.createEntity(s, "Ada");
    String body = s.call("GET", "/v1/events", null).body();
    assertThat(body).contains("\"data\":" + Api.log(s).get(0).data() + "}");
  }

  @Test
  void pagesFollowNextAfterToTheEnd() throws Exception {
    for (int i = 0; i < 7; i++) {
      Api.createEntity(s, "e" + i);
    }
    List<Long> seen = new ArrayList<>();
    long after = 0;
    List<Long> nextAfters = new ArrayList<>();
    for (int page = 0; page < 4; page++) {
      JsonObject p = get("/v1/events?limit=3&after=" + after);
      assertThat(p.getLong("last_position")).isEqualTo(7);
      p.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getLong("sequence")));
      after = p.getLong("next_after");
      nextAfters.add(after);
    }
    assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(nextAfters).containsExactly(3L, 6L, 7L, 7L);
    assertThat(get("/v1/events?after=7").getJsonArray("items")).isEmpty();
  }

  @Test
  void typeAndSubjectFiltersSelectAndNextAfterSkipsNonMatchingEvents() throws Exception {
    String ada = Api.createEntity(s, "Ada");
    Api.createEntity(s, "Bob");
    s.call("PATCH", "/v1/entities/" + ada, "{\"tags\":[\"x\"]}");
    Api.createEntity(s, "Cy");

    JsonObject updates = get("/v1/events?types=entity.updated");
    assertThat(sequences(updates.getJsonArray("items"))).containsExactly(3L);
    assertThat(updates.getLong("next_after")).isEqualTo(4);
    assertThat(sequences(get("/v1/events?types=faceforge.entity.created,asset.").getJsonArray("items")))
        .containsExactly(1L, 2L, 4L);
    assertThat(sequences(get("/v1/events?subject=entity:" + ada).getJsonArray("items"))).containsExactly(1L, 3L);
    assertThat(sequences(get("/v1/events?subject=entity:*&types=entity.").getJsonArray("items")))
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(get("/v1/events?types=asset.").getJsonArray("items")).isEmpty();
    assertThat(get("/v1/events?types=relationship.&limit=1").getLong("next_after")).isEqualTo(4);
  }

  @Test
  void badParametersAre400AndMissingTokenIs401() throws Exception {
    assertThat(s.call("GET", "/v1/events?after=x", null).statusCode()).isEqualTo(400);
    assertThat(s.call("GET", "/v1/events?limit=0", null).statusCode()).isEqualTo(400);
    assertThat(s.call("GET", "/v1/events?types=a%20b;", null).statusCode()).isEqualTo(400);
    var r = s.raw(HttpRequest.newBuilder(URI.create(s.base() + "/v1/events")).build());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  private static List<Long> sequences(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getLong("sequence")).toList();
  }
}
