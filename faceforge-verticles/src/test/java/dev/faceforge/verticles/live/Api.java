package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;

/** Writes through the real API and reads the real log, for the live-stream tests. */
final class Api {
  private Api() {
  }

  /** Creates an entity through {@code POST /v1/entities}; returns its id. */
  static String createEntity(RunningServer s, String name) {
    try {
      HttpResponse<String> r = s.call("POST", "/v1/entities", new JsonObject().put("display_name", name).encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      return s.json(r).getString("entity_id");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Creates {@code n} entities in one bulk upsert (one transaction, {@code n} events). */
  static void bulkCreate(RunningServer s, String prefix, int n) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < n; i++) {
      items.add(new JsonObject().put("display_name", prefix + i).put("external_ids",
          new JsonObject().put("test", prefix + i)));
    }
    try {
      String body = new JsonObject().put("items", items).encode();
      HttpResponse<String> r = s.call("POST", "/v1/entities/bulk-upsert", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Every event of the log, straight from SQLite. */
  static List<RecordedEvent> log(RunningServer s) {
    try (EventReader reader = EventReader.open(s.server.store().dbFile())) {
      return reader.read(0, Integer.MAX_VALUE);
    }
  }

  static List<Long> positions(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::position).toList();
  }
}
