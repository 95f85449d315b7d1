package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/entities/{id}/history}: the entity's own events and those of its descriptors and relationships. */
class EntityHistoryApiTest {
  @TempDir
  static Path home;
  static RunningServer api;

  /** The entity whose life the tests read, its relationship partner, and their ids. */
  static String ada;
  static String charles;
  static String descriptorId;
  static String relationshipId;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    ada = created(api.call("POST", "/v1/entities", "{\"display_name\":\"Ada\"}", "X-Request-Id", "req-create"));
    charles = api.createEntity("Charles", new JsonObject()).getString("entity_id");
    api.call("PATCH", "/v1/entities/" + ada, "{\"display_name\":\"Ada L.\"}", "X-Request-Id", "req-patch");
    descriptorId = created(api.call("POST", "/v1/entities/" + ada + "/descriptors",
        "{\"key\":\"city\",\"value\":\"London\"}", "X-Request-Id", "req-desc"));
    api.call("PATCH", "/v1/descriptors/" + descriptorId, "{\"value\":\"Marylebone\"}",
        "X-Request-Id", "req-desc-patch");
    relationshipId = created(api.call("POST", "/v1/relationships", new JsonObject().put("source_entity_id", charles)
        .put("target_entity_id", ada).put("type", "friend_of").encode(), "X-Request-Id", "req-rel"));
    api.call("DELETE", "/v1/relationships/" + relationshipId, null, "X-Request-Id", "req-rel-delete");
    api.call("DELETE", "/v1/descriptors/" + descriptorId, null, "X-Request-Id", "req-desc-delete");
    api.call("DELETE", "/v1/entities/" + ada, null, "X-Request-Id", "req-delete");
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void historyListsTheEntitysEventsAndThoseOfItsDescriptorsAndRelationshipsOldestFirst() throws Exception {
    JsonObject history = api.read("/v1/entities/" + ada + "/history");

    JsonArray items = history.getJsonArray("items");
    assertThat(types(items)).containsExactly("entity.created", "entity.updated", "descriptor.created",
        "descriptor.updated", "relationship.created", "relationship.deleted", "descriptor.deleted",
        "entity.deleted");
    assertThat(strings(items, "correlation_id")).containsExactly("req-create", "req-patch", "req-desc",
        "req-desc-patch", "req-rel", "req-rel-delete", "req-desc-delete", "req-delete");
    assertThat(strings(items, "actor")).containsOnly("api");
    assertThat(strings(items, "stream_id")).containsExactly("entity:" + ada, "entity:" + ada,
        "descriptor:" + descriptorId, "descriptor:" + descriptorId, "relationship:" + relationshipId,
        "relationship:" + relationshipId, "descriptor:" + descriptorId, "entity:" + ada);
    List<Long> positions = items.stream().map(i -> ((JsonObject) i).getLong("position")).toList();
    assertThat(positions).isSorted().doesNotHaveDuplicates();
    assertThat(history.getInteger("limit")).isEqualTo(50);
    assertThat(history.getValue("next_cursor")).isNull();
    for (Object o : items) {
      JsonObject item = (JsonObject) o;
      assertThat(item.getString("event_id")).isNotBlank();
      assertThat(item.getString("time")).matches(EntityApiTest.TIME_PATTERN);
      assertThat(item.getLong("stream_version")).isPositive();
    }
  }

  @Test
  void historyItemsCarryTheEventData() throws Exception {
    JsonArray items = api.read("/v1/entities/" + ada + "/history").getJsonArray("items");

    JsonObject created = items.getJsonObject(0);
    assertThat(created.getLong("stream_version")).isEqualTo(1L);
    assertThat(created.getJsonObject("data").getString("entity_id")).isEqualTo(ada);
    assertThat(created.getJsonObject("data").getString("display_name")).isEqualTo("Ada");
    JsonObject updated = items.getJsonObject(1);
    assertThat(updated.getLong("stream_version")).isEqualTo(2L);
    assertThat(updated.getJsonObject("data").getJsonObject("changes"))
        .isEqualTo(new JsonObject().put("display_name", "Ada L."));
    JsonObject descriptor = items.getJsonObject(2).getJsonObject("data");
    assertThat(descriptor.getString("descriptor_id")).isEqualTo(descriptorId);
    assertThat(descriptor.getString("key")).isEqualTo("city");
    assertThat(descriptor.getString("value")).isEqualTo("London");
    assertThat(items.getJsonObject(3).getJsonObject("data").getJsonObject("changes"))
        .isEqualTo(new JsonObject().put("value", "Marylebone"));
    JsonObject relationship = items.getJsonObject(4).getJsonObject("data");
    assertThat(relationship.getString("relationship_id")).isEqualTo(relationshipId);
    assertThat(relationship.getString("source_entity_id")).isEqualTo(charles);
    assertThat(relationship.getString("target_entity_id")).isEqualTo(ada);
    assertThat(relationship.getString("type")).isEqualTo("friend_of");
    JsonObject deleted = items.getJsonObject(7);
    assertThat(deleted.getLong("stream_version")).isEqualTo(3L);
    assertThat(deleted.getJsonObject("data").getString("entity_id")).isEqualTo(ada);
  }

  @Test
  void relationshipEventsAppearInTheHistoryOfBothSidesButNotOtherEntityEvents() throws Exception {
    JsonArray items = api.read("/v1/entities/" + charles + "/history").getJsonArray("items");

    assertThat(types(items)).containsExactly("entity.created", "relationship.created", "relationship.deleted");
  }

  @Test
  void historyPagesWithTheNextCursorAsAfterOrAsCursor() throws Exception {
    List<String> full = types(api.read("/v1/entities/" + ada + "/history").getJsonArray("items"));

    for (String param : List.of("after", "cursor")) {
      List<String> paged = new ArrayList<>();
      JsonObject page = api.read("/v1/entities/" + ada + "/history?limit=3");
      int pages = 1;
      while (true) {
        assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(3);
        paged.addAll(types(page.getJsonArray("items")));
        String next = page.getString("next_cursor");
        if (next == null) {
          break;
        }
        page = api.read("/v1/entities/" + ada + "/history?limit=3&" + param + "=" + next);
        pages++;
      }
      assertThat(paged).as("paging by %s", param).isEqualTo(full);
      assertThat(pages).isEqualTo(3);
    }
  }

  @Test
  void afterSkipsEventsUpToThatPosition() throws Exception {
    JsonArray items = api.read("/v1/entities/" + ada + "/history").getJsonArray("items");
    long third = items.getJsonObject(2).getLong("position");

    JsonArray later = api.read("/v1/entities/" + ada + "/history?after=" + third).getJsonArray("items");

    assertThat(types(later)).isEqualTo(types(items).subList(3, items.size()));
  }

  @Test
  void theRequestIdIsEchoedAndAnUnusableOneIsReplacedByAFreshCorrelationId() throws Exception {
    HttpResponse<String> given = api.call("POST", "/v1/entities", "{\"display_name\":\"Echo\"}",
        "X-Request-Id", "import-42:batch.7");
    String id = api.json(given).getString("entity_id");
    HttpResponse<String> unusable = api.call("PATCH", "/v1/entities/" + id,
        "{\"display_name\":\"Echo 2\"}", "X-Request-Id", "has spaces and ; semicolons");

    assertThat(given.headers().firstValue("X-Request-Id")).hasValue("import-42:batch.7");
    String fresh = unusable.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(fresh).matches("^[0-9a-f-]{36}$");
    assertThat(strings(api.read("/v1/entities/" + id + "/history").getJsonArray("items"), "correlation_id"))
        .containsExactly("import-42:batch.7", fresh);
  }

  @Test
  void historyOfAnUnknownEntityIs404() throws Exception {
    assertProblem(api.get("/v1/entities/" + "f".repeat(64) + "/history"), 404, "not-found");
  }

  @Test
  void aBadHistoryCursorIs400() throws Exception {
    assertThat(Problems.fields(assertProblem(api.get("/v1/entities/" + ada + "/history?cursor=abc"), 400,
        "invalid-request"))).containsExactly("cursor");
    assertThat(Problems.fields(assertProblem(api.get("/v1/entities/" + ada + "/history?after=-1"), 400,
        "invalid-request"))).containsExactly("after");
  }

  private static String created(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String location = r.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static List<String> types(JsonArray items) {
    return strings(items, "type");
  }

  private static List<String> strings(JsonArray items, String field) {
    return items.stream().map(i -> ((JsonObject) i).getString(field)).toList();
  }
}
