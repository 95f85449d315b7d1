package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/entities/bulk-upsert}: matching by external ids, per-item results, idempotence, the conflict
 * rules and a 10,000-item call. Each test uses its own external-id namespace.
 */
class BulkUpsertApiTest {
  private static final String BULK = "/v1/entities/bulk-upsert";

  @TempDir
  static Path home;
  static RunningServer api;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void itemsAreCreatedUpdatedOrUnchangedAndKeepTheirEntityAcrossCalls() throws Exception {
    String ns = namespace();

    JsonObject first = upsert(item(ns, "1", "Alpha"), item(ns, "2", "Beta"));
    JsonObject second = upsert(item(ns, "1", "Alpha Renamed"), item(ns, "2", "Beta"), item(ns, "3", "Gamma"));

    assertThat(statuses(first)).containsExactly("created", "created");
    assertThat(counts(first)).containsExactly(2, 0, 0, 0);
    assertThat(statuses(second)).containsExactly("updated", "unchanged", "created");
    assertThat(counts(second)).containsExactly(1, 1, 1, 0);
    assertThat(entityId(second, 0)).isEqualTo(entityId(first, 0));
    assertThat(entityId(second, 1)).isEqualTo(entityId(first, 1));
    assertThat(entityId(second, 2)).matches(EntityApiTest.ID_PATTERN).isNotIn(entityId(first, 0),
        entityId(first, 1));
    for (int i = 0; i < 3; i++) {
      JsonObject result = second.getJsonArray("items").getJsonObject(i);
      assertThat(result.getInteger("index")).isEqualTo(i);
      assertThat(result.containsKey("error")).isTrue();
      assertThat(result.getValue("error")).isNull();
    }
    JsonObject alpha = api.read("/v1/entities/" + entityId(first, 0));
    assertThat(alpha.getString("display_name")).isEqualTo("Alpha Renamed");
    assertThat(alpha.getJsonObject("external_ids")).isEqualTo(new JsonObject().put(ns, "1"));
    assertThat(alpha.getLong("version")).isEqualTo(2L);
  }

  @Test
  void repeatingACallChangesNothing() throws Exception {
    String ns = namespace();
    JsonObject[] items = {
        item(ns, "1", "One").put("tags", new JsonArray().add("x").add("y"))
            .put("fields", new JsonObject().put("height", 1.80).put("nested", new JsonObject().put("a", 1))),
        item(ns, "2", "Two").put("aliases", new JsonArray().add("Deux"))
            .put("plugin_data", new JsonObject().put("p", new JsonObject().put("k", "v"))),
        item(ns, "3", "Three")};
    JsonObject first = upsert(items);
    long position = api.logPosition();

    JsonObject again = upsert(items);

    assertThat(statuses(first)).containsOnly("created");
    assertThat(statuses(again)).containsExactly("unchanged", "unchanged", "unchanged");
    assertThat(counts(again)).containsExactly(0, 0, 3, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(entityId(again, i)).isEqualTo(entityId(first, i));
    }
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void anItemMatchedByOneOfItsIdsGetsTheOthersAttached() throws Exception {
    String ns = namespace();
    String id = entityId(upsert(item(ns, "1", "Matched")), 0);

    JsonObject r = upsert(item(ns, "1", "Matched").put("external_ids", new JsonObject().put(ns, "1")
        .put(ns + ".other", "x")));

    assertThat(statuses(r)).containsExactly("updated");
    assertThat(entityId(r, 0)).isEqualTo(id);
    assertThat(api.read("/v1/entities/" + id).getJsonObject("external_ids"))
        .isEqualTo(new JsonObject().put(ns, "1").put(ns + ".other", "x"));
    JsonObject byOther = upsert(new JsonObject().put("display_name", "Matched")
        .put("external_ids", new JsonObject().put(ns + ".other", "x")));
    assertThat(statuses(byOther)).containsExactly("unchanged");
    assertThat(entityId(byOther, 0)).isEqualTo(id);
  }

  @Test
  void laterItemsOfOneCallSeeEarlierOnes() throws Exception {
    String ns = namespace();

    JsonObject r = upsert(item(ns, "9", "First"), item(ns, "9", "Second"), item(ns, "9", "Second"));

    assertThat(statuses(r)).containsExactly("created", "updated", "unchanged");
    assertThat(entityId(r, 1)).isEqualTo(entityId(r, 0));
    assertThat(api.read("/v1/entities/" + entityId(r, 0)).getString("display_name")).isEqualTo("Second");
  }

  @Test
  void itemWhoseIdsPointAtTwoEntitiesFailsWithAConflictAndTheOthersApply() throws Exception {
    String ns = namespace();
    JsonObject setup = upsert(item(ns, "10", "Ten"), item(ns + ".b", "20", "Twenty"));
    String ten = entityId(setup, 0);
    String twenty = entityId(setup, 1);

    JsonObject r = upsert(item(ns, "11", "Before"),
        new JsonObject().put("display_name", "Ambiguous").put("external_ids",
            new JsonObject().put(ns, "10").put(ns + ".b", "20")),
        item(ns, "12", "After"));

    assertThat(statuses(r)).containsExactly("created", "failed", "created");
    assertThat(counts(r)).containsExactly(2, 0, 0, 1);
    JsonObject failed = r.getJsonArray("items").getJsonObject(1);
    assertThat(failed.getValue("entity_id")).isNull();
    JsonObject error = failed.getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo(Problems.TYPE_BASE + "conflict");
    assertThat(error.getInteger("status")).isEqualTo(409);
    assertThat(error.getString("title")).isEqualTo("Conflict");
    assertThat(error.getString("detail")).contains(ten).contains(twenty);
    assertThat(api.read("/v1/entities/" + ten).getString("display_name")).isEqualTo("Ten");
    assertThat(api.read("/v1/entities/" + ten).getLong("version")).isEqualTo(1L);
    assertThat(api.read("/v1/entities/" + twenty).getString("display_name")).isEqualTo("Twenty");
    assertThat(api.read("/v1/entities/" + entityId(r, 2)).getString("display_name")).isEqualTo("After");
  }

  @Test
  void anItemBreakingAFieldDefinitionFailsAlone() throws Exception {
    String ns = namespace();
    api.create("/v1/admin/field-defs", new JsonObject().put("field_key", "rank").put("type", "integer")
        .put("label", "Rank"));

    JsonObject r = upsert(item(ns, "1", "Good").put("fields", new JsonObject().put("rank", 1)),
        item(ns, "2", "Bad").put("fields", new JsonObject().put("rank", "first")),
        item(ns, "3", "Also good"));

    assertThat(statuses(r)).containsExactly("created", "failed", "created");
    JsonObject error = r.getJsonArray("items").getJsonObject(1).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo(Problems.TYPE_BASE + "validation-failed");
    assertThat(error.getInteger("status")).isEqualTo(422);
    assertThat(Problems.fields(error)).containsExactly("items[1].fields.rank");
    assertThat(upsert(item(ns, "2", "Bad").put("fields", new JsonObject().put("rank", 2))).getJsonArray("items")
        .getJsonObject(0).getString("status")).as("nothing of the failed item was stored").isEqualTo("created");
  }

  @Test
  void anItemMatchingADeletedEntityFailsWithAConflict() throws Exception {
    String ns = namespace();
    String id = entityId(upsert(item(ns, "1", "Doomed")), 0);
    api.delete("/v1/entities/" + id);
    long position = api.logPosition();

    JsonObject r = upsert(item(ns, "1", "Doomed again"));

    assertThat(statuses(r)).containsExactly("failed");
    JsonObject error = r.getJsonArray("items").getJsonObject(0).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo(Problems.TYPE_BASE + "conflict");
    assertThat(error.getInteger("status")).isEqualTo(409);
    assertThat(api.logPosition()).isEqualTo(position);
    assertProblem(api.get("/v1/entities/" + id), 404, "not-found");
  }

  @Test
  void aBodyThatBreaksTheSchemaIs400AndAppliesNothing() throws Exception {
    String ns = namespace();
    long position = api.logPosition();

    JsonObject p = assertProblem(api.post(BULK, new JsonObject().put("items", new JsonArray()
        .add(item(ns, "1", "Fine")).add(new JsonObject().put("display_name", "No ids")))), 400, "invalid-request");

    assertThat(Problems.fields(p)).containsExactly("items[1].external_ids");
    assertProblem(api.post(BULK, new JsonObject().put("items", new JsonArray())), 400, "invalid-request");
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void tenThousandItemsInOneCall() throws Exception {
    String ns = namespace();
    String tag = "bulk-" + ns;
    JsonArray items = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      items.add(item(ns, Integer.toString(i), "Bulk " + i).put("tags", new JsonArray().add(tag))
          .put("fields", new JsonObject().put("n", i)));
    }
    JsonObject body = new JsonObject().put("items", items);

    long start = System.nanoTime();
    HttpResponse<String> r = api.post(BULK, body);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("bulk upsert of 10,000 new items (%d KiB) in one call: %d ms%n",
        body.encode().length() / 1024, millis);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject result = api.json(r);
    assertThat(counts(result)).containsExactly(10_000, 0, 0, 0);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      JsonObject item = result.getJsonArray("items").getJsonObject(i);
      assertThat(item.getInteger("index")).isEqualTo(i);
      ids.add(item.getString("entity_id"));
    }
    assertThat(ids).hasSize(10_000);
    assertThat(api.read("/v1/entities?limit=1&tag=" + tag).getLong("total")).isEqualTo(10_000L);
  }

  private static String namespace() {
    return "ns" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static JsonObject item(String namespace, String externalId, String name) {
    return new JsonObject().put("display_name", name).put("external_ids", new JsonObject().put(namespace, externalId));
  }

  private static JsonObject upsert(JsonObject... items) throws Exception {
    HttpResponse<String> r = api.post(BULK, new JsonObject().put("items", new JsonArray(List.of((Object[]) items))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return api.json(r);
  }

  private static List<String> statuses(JsonObject result) {
    return result.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("status")).toList();
  }

  private static List<Integer> counts(JsonObject result) {
    return List.of(result.getInteger("created"), result.getInteger("updated"), result.getInteger("unchanged"),
        result.getInteger("failed"));
  }

  private static String entityId(JsonObject result, int index) {
    return result.getJsonArray("items").getJsonObject(index).getString("entity_id");
  }
}
