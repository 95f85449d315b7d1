package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entities over HTTP: create, read, merge patch, soft delete, ETags and conditional writes. */
class EntityApiTest {
  static final String ID_PATTERN = "^[0-9a-f]{64}$";
  static final String TIME_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";
  private static final String THUMB = "ab".repeat(32);

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
  void createAnswers201WithLocationEtagAndEveryProperty() throws Exception {
    JsonObject body = new JsonObject()
        .put("display_name", "Ada Lovelace")
        .put("aliases", new JsonArray().add("Countess of Lovelace"))
        .put("tags", new JsonArray().add("math").add("pioneer"))
        .put("fields", new JsonObject().put("born", "1815-12-10").put("notes", new JsonObject().put("a", 1)))
        .put("primary_thumbnail_asset_id", THUMB)
        .put("plugin_data", new JsonObject().put("stash", new JsonObject().put("rating", 5)))
        .put("external_ids", new JsonObject().put("wikidata", "Q7259"));

    HttpResponse<String> r = api.post("/v1/entities", body);

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject e = api.json(r);
    String id = e.getString("entity_id");
    assertThat(id).matches(ID_PATTERN);
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/entities/" + id);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(e.fieldNames()).containsExactlyInAnyOrder("entity_id", "display_name", "aliases", "tags", "fields",
        "primary_thumbnail_asset_id", "plugin_data", "external_ids", "created_at", "updated_at", "deleted_at",
        "version");
    assertThat(e.getString("display_name")).isEqualTo("Ada Lovelace");
    assertThat(e.getJsonArray("aliases")).isEqualTo(new JsonArray().add("Countess of Lovelace"));
    assertThat(e.getJsonArray("tags")).isEqualTo(new JsonArray().add("math").add("pioneer"));
    assertThat(e.getJsonObject("fields")).isEqualTo(body.getJsonObject("fields"));
    assertThat(e.getString("primary_thumbnail_asset_id")).isEqualTo(THUMB);
    assertThat(e.getJsonObject("plugin_data"))
        .isEqualTo(new JsonObject().put("stash", new JsonObject().put("rating", 5)));
    assertThat(e.getJsonObject("external_ids")).isEqualTo(new JsonObject().put("wikidata", "Q7259"));
    assertThat(e.getString("created_at")).matches(TIME_PATTERN);
    assertThat(e.getString("updated_at")).isEqualTo(e.getString("created_at"));
    assertThat(e.getValue("deleted_at")).isNull();
    assertThat(e.getLong("version")).isEqualTo(1L);
  }

  @Test
  void createWithOnlyADisplayNameDefaultsEverythingElseToEmpty() throws Exception {
    JsonObject e = api.createEntity("Plain", new JsonObject());

    assertThat(e.getJsonArray("aliases")).isEmpty();
    assertThat(e.getJsonArray("tags")).isEmpty();
    assertThat(e.getJsonObject("fields")).isEqualTo(new JsonObject());
    assertThat(e.containsKey("primary_thumbnail_asset_id")).isTrue();
    assertThat(e.getValue("primary_thumbnail_asset_id")).isNull();
    assertThat(e.getJsonObject("plugin_data")).isEqualTo(new JsonObject());
    assertThat(e.getJsonObject("external_ids")).isEqualTo(new JsonObject());
  }

  @Test
  void getReturnsTheCreatedDocumentWithItsEtag() throws Exception {
    JsonObject created = api.createEntity("Grace Hopper", new JsonObject().put("tags", new JsonArray().add("navy")));

    HttpResponse<String> r = api.get("/v1/entities/" + created.getString("entity_id"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.json(r)).isEqualTo(created);
  }

  @Test
  void patchMergesObjectsKeyByKeyRemovesNullKeysAndReplacesArrays() throws Exception {
    JsonObject created = api.createEntity("Merge Me", new JsonObject()
        .put("aliases", new JsonArray().add("x").add("y"))
        .put("tags", new JsonArray().add("t1"))
        .put("fields", new JsonObject().put("a", 1).put("b", new JsonObject().put("x", 1).put("y", 2))
            .put("c", "keep"))
        .put("plugin_data", new JsonObject().put("p1", new JsonObject().put("k", 1))
            .put("p2", new JsonObject().put("k", 2)))
        .put("external_ids", new JsonObject().put("one", "1").put("two", "2")));
    String path = "/v1/entities/" + created.getString("entity_id");

    HttpResponse<String> r = api.patch(path, new JsonObject()
        .put("aliases", new JsonArray().add("z"))
        .put("fields", new JsonObject().putNull("a").put("b", new JsonObject().putNull("y").put("z", 3)).put("d", 4))
        .put("plugin_data", new JsonObject().putNull("p1").put("p2", new JsonObject().put("k2", 3)))
        .put("external_ids", new JsonObject().putNull("one").put("three", "3")));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
    JsonObject e = api.json(r);
    assertThat(e.getString("display_name")).isEqualTo("Merge Me");
    assertThat(e.getJsonArray("aliases")).isEqualTo(new JsonArray().add("z"));
    assertThat(e.getJsonArray("tags")).isEqualTo(new JsonArray().add("t1"));
    assertThat(e.getJsonObject("fields")).isEqualTo(new JsonObject()
        .put("b", new JsonObject().put("x", 1).put("z", 3)).put("c", "keep").put("d", 4));
    assertThat(e.getJsonObject("plugin_data"))
        .isEqualTo(new JsonObject().put("p2", new JsonObject().put("k", 2).put("k2", 3)));
    assertThat(e.getJsonObject("external_ids")).isEqualTo(new JsonObject().put("three", "3").put("two", "2"));
    assertThat(e.getLong("version")).isEqualTo(2L);
    assertThat(e.getString("created_at")).isEqualTo(created.getString("created_at"));
    assertThat(e.getString("updated_at")).matches(TIME_PATTERN)
        .isGreaterThanOrEqualTo(created.getString("created_at"));
    assertThat(api.read(path)).isEqualTo(e);
  }

  @Test
  void patchWithNullResetsArraysObjectsAndTheThumbnail() throws Exception {
    JsonObject created = api.createEntity("Reset Me", new JsonObject()
        .put("aliases", new JsonArray().add("a")).put("tags", new JsonArray().add("t"))
        .put("fields", new JsonObject().put("f", 1)).put("primary_thumbnail_asset_id", THUMB)
        .put("plugin_data", new JsonObject().put("p", new JsonObject())));

    JsonObject e = api.json(api.patch("/v1/entities/" + created.getString("entity_id"), new JsonObject()
        .putNull("aliases").putNull("tags").putNull("fields").putNull("primary_thumbnail_asset_id")
        .putNull("plugin_data")));

    assertThat(e.getJsonArray("aliases")).isEmpty();
    assertThat(e.getJsonArray("tags")).isEmpty();
    assertThat(e.getJsonObject("fields")).isEqualTo(new JsonObject());
    assertThat(e.getValue("primary_thumbnail_asset_id")).isNull();
    assertThat(e.getJsonObject("plugin_data")).isEqualTo(new JsonObject());
  }

  @Test
  void patchAcceptsTheMergePatchMediaType() throws Exception {
    JsonObject created = api.createEntity("Typed", new JsonObject());

    HttpResponse<String> r = api.call("PATCH", "/v1/entities/" + created.getString("entity_id"),
        "{\"display_name\":\"Retyped\"}", "Content-Type", "application/merge-patch+json");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(api.json(r).getString("display_name")).isEqualTo("Retyped");
    assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
  }

  @Test
  void patchThatChangesNothingKeepsTheVersion() throws Exception {
    JsonObject created = api.createEntity("Same", new JsonObject().put("tags", new JsonArray().add("a")));

    HttpResponse<String> r = api.patch("/v1/entities/" + created.getString("entity_id"),
        new JsonObject().put("display_name", "Same").put("tags", new JsonArray().add("a")));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.json(r)).isEqualTo(created);
  }

  @Test
  void softDeleteHidesTheEntityExceptWithIncludeDeleted() throws Exception {
    String tag = "deleted-" + UUID.randomUUID();
    JsonObject created = api.createEntity("Gone Soon", new JsonObject().put("tags", new JsonArray().add(tag)));
    String path = "/v1/entities/" + created.getString("entity_id");

    HttpResponse<String> deleted = api.delete(path);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(api.get(path), 404, "not-found");
    HttpResponse<String> withDeleted = api.get(path + "?include_deleted=true");
    assertThat(withDeleted.statusCode()).isEqualTo(200);
    JsonObject e = api.json(withDeleted);
    assertThat(e.getString("deleted_at")).matches(TIME_PATTERN);
    assertThat(e.getLong("version")).isEqualTo(2L);
    assertThat(withDeleted.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(e.getString("display_name")).isEqualTo("Gone Soon");
    JsonObject list = api.read("/v1/entities?tag=" + tag);
    assertThat(list.getJsonArray("items")).isEmpty();
    assertThat(list.getLong("total")).isZero();
    JsonObject listWithDeleted = api.read("/v1/entities?include_deleted=true&tag=" + tag);
    assertThat(listWithDeleted.getLong("total")).isEqualTo(1L);
    assertThat(listWithDeleted.getJsonArray("items").getJsonObject(0)).isEqualTo(e);
  }

  @Test
  void aDeletedEntityCanBeNeitherDeletedAgainNorPatched() throws Exception {
    String path = "/v1/entities/" + api.createEntity("Twice", new JsonObject()).getString("entity_id");
    assertThat(api.delete(path).statusCode()).isEqualTo(204);
    long position = api.logPosition();

    assertProblem(api.delete(path), 404, "not-found");
    assertProblem(api.patch(path, new JsonObject().put("display_name", "Back")), 404, "not-found");

    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void staleIfMatchOnPatchIs412AndChangesNothing() throws Exception {
    String path = "/v1/entities/" + api.createEntity("Versioned", new JsonObject()).getString("entity_id");
    api.patch(path, new JsonObject().put("display_name", "Versioned 2"));
    long position = api.logPosition();

    JsonObject p = assertProblem(api.patch(path, new JsonObject().put("display_name", "Lost update"),
        "If-Match", "\"1\""), 412, "precondition-failed");

    assertThat(p.getString("detail")).contains("version 2");
    HttpResponse<String> now = api.get(path);
    assertThat(api.json(now).getString("display_name")).isEqualTo("Versioned 2");
    assertThat(now.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void currentIfMatchOnPatchSucceedsWithTheNextEtag() throws Exception {
    String path = "/v1/entities/" + api.createEntity("Conditional", new JsonObject()).getString("entity_id");

    HttpResponse<String> r = api.patch(path, new JsonObject().put("display_name", "Conditional 2"),
        "If-Match", "\"1\"");
    HttpResponse<String> star = api.patch(path, new JsonObject().put("display_name", "Conditional 3"),
        "If-Match", "*");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(star.statusCode()).isEqualTo(200);
    assertThat(star.headers().firstValue("ETag")).hasValue("\"3\"");
  }

  @Test
  void concurrentPatchesAtOneVersionLetExactlyOneWin() throws Exception {
    String path = "/v1/entities/" + api.createEntity("Contested", new JsonObject()).getString("entity_id");

    List<Integer> statuses = Concurrently.run(8, i -> api.patch(path,
        new JsonObject().put("display_name", "Writer " + i), "If-Match", "\"1\"").statusCode());

    assertThat(statuses).containsOnly(200, 412);
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(api.read(path).getLong("version")).isEqualTo(2L);
  }

  @Test
  void concurrentCreatesWithOneExternalIdLetExactlyOneWin() throws Exception {
    String ns = "race-" + UUID.randomUUID().toString().substring(0, 8);

    List<Integer> statuses = Concurrently.run(8, i -> api.post("/v1/entities", new JsonObject()
        .put("display_name", "Racer " + i).put("external_ids", new JsonObject().put(ns, "1"))).statusCode());

    assertThat(statuses).containsOnly(201, 409);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
  }

  @Test
  void staleIfMatchOnDeleteIs412AndKeepsTheEntity() throws Exception {
    String path = "/v1/entities/" + api.createEntity("Keep Me", new JsonObject()).getString("entity_id");
    api.patch(path, new JsonObject().put("display_name", "Keep Me Too"));

    assertProblem(api.delete(path, "If-Match", "\"1\""), 412, "precondition-failed");

    assertThat(api.read(path).getValue("deleted_at")).isNull();
    assertThat(api.delete(path, "If-Match", "\"2\"").statusCode()).isEqualTo(204);
    assertProblem(api.get(path), 404, "not-found");
  }

  @Test
  void ifNoneMatchWithTheCurrentEtagIs304AndAnOldOneGetsTheDocument() throws Exception {
    String path = "/v1/entities/" + api.createEntity("Cached", new JsonObject()).getString("entity_id");

    HttpResponse<String> notModified = api.get(path, "If-None-Match", "\"1\"");
    api.patch(path, new JsonObject().put("display_name", "Cached 2"));
    HttpResponse<String> modified = api.get(path, "If-None-Match", "\"1\"");

    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(modified.statusCode()).isEqualTo(200);
    assertThat(modified.headers().firstValue("ETag")).hasValue("\"2\"");
    assertThat(api.json(modified).getString("display_name")).isEqualTo("Cached 2");
  }

  @Test
  void unknownEntityIs404ForEveryMethod() throws Exception {
    String path = "/v1/entities/" + "0".repeat(64);

    assertProblem(api.get(path), 404, "not-found");
    assertProblem(api.patch(path, new JsonObject().put("display_name", "x")), 404, "not-found");
    assertProblem(api.delete(path), 404, "not-found");
  }

  @Test
  void externalIdNamespacesMayUseEveryCharacterTheContractAllows() throws Exception {
    JsonObject ids = new JsonObject().put("stash:scene", "1").put("tpdb.v2", "x-1").put("a_b-c", "2");

    HttpResponse<String> r = api.post("/v1/entities", new JsonObject().put("display_name", "Namespaced")
        .put("external_ids", ids).put("plugin_data", new JsonObject().put("org.example:tagger", new JsonObject())));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(api.json(r).getJsonObject("external_ids")).isEqualTo(ids);
  }

  @Test
  void externalIdHeldByAnotherEntityIs409OnCreateAndPatch() throws Exception {
    String ns = "conflict-" + UUID.randomUUID().toString().substring(0, 8);
    api.createEntity("Holder", new JsonObject().put("external_ids", new JsonObject().put(ns, "1")));
    String other = "/v1/entities/" + api.createEntity("Other", new JsonObject()).getString("entity_id");

    assertProblem(api.post("/v1/entities", new JsonObject().put("display_name", "Dup")
        .put("external_ids", new JsonObject().put(ns, "1"))), 409, "conflict");
    assertProblem(api.patch(other, new JsonObject().put("external_ids", new JsonObject().put(ns, "1"))),
        409, "conflict");

    assertThat(api.read(other).getJsonObject("external_ids")).isEqualTo(new JsonObject());
  }
}
