package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static dev.faceforge.verticles.assets.AssetUploadTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An asset after its upload: read, merge-patch, link and unlink, soft delete (bytes collected) and revival. */
class AssetLifecycleTest {
  @TempDir
  static Path home;
  static RunningServer api;
  static AssetHttp assets;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    assets = new AssetHttp(api);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void getAnswersTheDocumentWithItsVersionAsEtag() throws Exception {
    JsonObject uploaded = assets.upload(201, "read.bin", AssetHttp.bytes(51, 300), null, "kind", "doc.binary");
    String id = uploaded.getString("asset_id");

    HttpResponse<String> r = api.get("/v1/assets/" + id);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.json(r)).isEqualTo(uploaded);
    assertThat(api.get("/v1/assets/" + id, "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);
    assertProblem(api.get("/v1/assets/" + "0".repeat(64)), 404, "not-found");
    assertProblem(api.get("/v1/assets/not-an-id"), 400, "invalid-request");
  }

  @Test
  void patchChangesKindAndMergesUserMetadata() throws Exception {
    String id = assets.upload(201, "patch.bin", AssetHttp.bytes(52, 300),
        "{\"a\": 1, \"b\": {\"c\": 2}, \"keep\": true}", "kind", "doc.binary").getString("asset_id");

    HttpResponse<String> r = api.patch("/v1/assets/" + id, new JsonObject().put("kind", "model.lora")
        .put("user_metadata", new JsonObject().putNull("a").put("b", new JsonObject().put("d", 3))),
        "If-Match", "\"1\"");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
    JsonObject a = api.json(r);
    assertThat(a.getString("kind")).isEqualTo("model.lora");
    assertThat(a.getJsonObject("user_metadata")).isEqualTo(new JsonObject()
        .put("b", new JsonObject().put("c", 2).put("d", 3)).put("keep", true));
    assertThat(a.getLong("version")).isEqualTo(2L);
    assertThat(api.read("/v1/assets/" + id)).isEqualTo(a);

    HttpResponse<String> plugin = api.patch("/v1/assets/" + id, new JsonObject().put("plugin_data",
        new JsonObject().put("comfy", new JsonObject().put("trigger", "ada"))));
    assertThat(plugin.statusCode()).as(plugin.body()).isEqualTo(200);
    assertThat(api.json(plugin).getJsonObject("plugin_data"))
        .isEqualTo(new JsonObject().put("comfy", new JsonObject().put("trigger", "ada")));

    long before = api.logPosition();
    HttpResponse<String> same = api.patch("/v1/assets/" + id, new JsonObject().put("kind", "model.lora"));
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(api.logPosition()).as("an unchanged patch records nothing").isEqualTo(before);
  }

  @Test
  void patchWithAStaleIfMatchIs412AndChangesNothing() throws Exception {
    String id = assets.upload(201, "stale.bin", AssetHttp.bytes(53, 300), null, "kind", "doc.binary")
        .getString("asset_id");
    assertThat(api.patch("/v1/assets/" + id, new JsonObject().put("kind", "doc.other")).statusCode()).isEqualTo(200);
    long before = api.logPosition();

    assertProblem(api.patch("/v1/assets/" + id, new JsonObject().put("kind", "doc.third"), "If-Match", "\"1\""),
        412, "precondition-failed");
    assertProblem(api.delete("/v1/assets/" + id, "If-Match", "\"1\""), 412, "precondition-failed");

    assertThat(api.logPosition()).isEqualTo(before);
    assertThat(api.read("/v1/assets/" + id).getString("kind")).isEqualTo("doc.other");
  }

  @Test
  void patchOfWhatCannotChangeIsRefusedNamingTheField() throws Exception {
    String id = assets.upload(201, "fixed.bin", AssetHttp.bytes(54, 300), null, "kind", "doc.binary")
        .getString("asset_id");
    long before = api.logPosition();

    JsonObject size = assertProblem(api.patch("/v1/assets/" + id, new JsonObject().put("size_bytes", 1)), 400,
        "invalid-request");
    assertThat(fields(size)).containsExactly("size_bytes");
    JsonObject kind = assertProblem(api.patch("/v1/assets/" + id, new JsonObject().put("kind", "No Kind")), 400,
        "invalid-request");
    assertThat(fields(kind)).containsExactly("kind");
    JsonObject meta = assertProblem(api.patch("/v1/assets/" + id, new JsonObject().put("user_metadata", 5)), 400,
        "invalid-request");
    assertThat(fields(meta)).containsExactly("user_metadata");
    assertProblem(api.patch("/v1/assets/" + "0".repeat(64), new JsonObject().put("kind", "doc.x")), 404,
        "not-found");

    assertThat(api.logPosition()).isEqualTo(before);
  }

  @Test
  void linkAndUnlinkAttachAndDetachEntities() throws Exception {
    String ada = api.createEntity("Ada", new JsonObject()).getString("entity_id");
    String bob = api.createEntity("Bob", new JsonObject()).getString("entity_id");
    String id = assets.upload(201, "shared.bin", AssetHttp.bytes(55, 300), null, "kind", "model.lora")
        .getString("asset_id");
    String link = "/v1/entities/" + ada + "/assets/" + id + "/link";

    HttpResponse<String> linked = api.post(link, new JsonObject().put("role", "training"));
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
    assertThat(api.json(linked).getJsonArray("links"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("entity_id", ada).put("role", "training")));
    long before = api.logPosition();
    assertThat(api.post(link, new JsonObject().put("role", "training")).statusCode()).isEqualTo(200);
    assertThat(api.logPosition()).as("the same link again records nothing").isEqualTo(before);
    JsonObject relinked = api.json(api.post(link, new JsonObject().put("role", "final")));
    assertThat(relinked.getJsonArray("links"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("entity_id", ada).put("role", "final")));
    HttpResponse<String> bodyless = api.call("POST", "/v1/entities/" + bob + "/assets/" + id + "/link", null);
    assertThat(bodyless.statusCode()).as(bodyless.body()).isEqualTo(200);
    JsonObject both = api.json(bodyless);
    assertThat(both.getJsonArray("links")).contains(new JsonObject().put("entity_id", bob).putNull("role"));
    assertThat(both.getJsonArray("linked_entity_ids")).containsExactlyInAnyOrder(ada, bob);
    assertThat(ids(api.read("/v1/entities/" + ada + "/assets?kind=model.lora"))).containsExactly(id);

    HttpResponse<String> unlinked = api.call("POST", "/v1/entities/" + ada + "/assets/" + id + "/unlink", null);
    assertThat(unlinked.statusCode()).as(unlinked.body()).isEqualTo(200);
    assertThat(api.json(unlinked).getJsonArray("linked_entity_ids")).isEqualTo(new JsonArray().add(bob));
    assertThat(ids(api.read("/v1/entities/" + ada + "/assets"))).isEmpty();
    assertThat(api.read("/v1/assets/" + id).getValue("deleted_at")).as("the asset itself stays").isNull();

    long after = api.logPosition();
    assertProblem(api.call("POST", "/v1/entities/" + ada + "/assets/" + id + "/unlink", null), 404, "not-found");
    assertProblem(api.post("/v1/entities/" + "e".repeat(64) + "/assets/" + id + "/link", new JsonObject()), 404,
        "not-found");
    assertProblem(api.post("/v1/entities/" + ada + "/assets/" + "0".repeat(64) + "/link", new JsonObject()), 404,
        "not-found");
    JsonObject role = assertProblem(api.post(link, new JsonObject().put("role", "Not A Role")), 400,
        "invalid-request");
    assertThat(fields(role)).containsExactly("role");
    assertThat(api.logPosition()).isEqualTo(after);
  }

  @Test
  void deleteHidesTheAssetRemovesItsBytesAndTheSameBytesReviveIt() throws Exception {
    byte[] bytes = AssetHttp.bytes(56, 7000);
    JsonObject first = assets.upload(201, "gone.bin", bytes, "{\"v\": 1}", "kind", "doc.binary");
    String id = first.getString("asset_id");
    Path blob = assets.blobPath(id);
    assertThat(blob).exists();

    assertThat(api.delete("/v1/assets/" + id).statusCode()).isEqualTo(204);

    assertProblem(api.get("/v1/assets/" + id), 404, "not-found");
    JsonObject deleted = api.read("/v1/assets/" + id + "?include_deleted=true");
    assertThat(deleted.getString("deleted_at")).isNotNull();
    assertThat(deleted.getLong("version")).isEqualTo(2L);
    assertThat(ids(api.read("/v1/assets?content_hash=" + id))).isEmpty();
    assertThat(ids(api.read("/v1/assets?content_hash=" + id + "&include_deleted=true"))).containsExactly(id);
    AssetHttp.await("the deleted asset's bytes to be removed", () -> !Files.exists(blob), Duration.ofSeconds(5));
    assertProblem(api.delete("/v1/assets/" + id), 404, "not-found");
    assertProblem(api.patch("/v1/assets/" + id, new JsonObject().put("kind", "doc.x")), 404, "not-found");

    HttpResponse<String> again = api.upload("back.bin", bytes, "{\"v\": 2}", "kind", "doc.text");

    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    JsonObject revived = api.json(again);
    assertThat(revived.getString("asset_id")).isEqualTo(id);
    assertThat(revived.getValue("deleted_at")).isNull();
    assertThat(revived.getLong("version")).isEqualTo(3L);
    assertThat(revived.getString("kind")).isEqualTo("doc.text");
    assertThat(revived.getString("original_filename")).isEqualTo("back.bin");
    assertThat(revived.getJsonObject("user_metadata")).isEqualTo(new JsonObject().put("v", 2));
    assertThat(Files.readAllBytes(blob)).isEqualTo(bytes);
    assertThat(assets.download(id).body()).isEqualTo(bytes);
    assertThat(api.read("/v1/assets/" + id)).isEqualTo(revived);
    assets.awaitEmptyTmp();
  }

  @Test
  void deleteOfAnUnknownAssetIs404() throws Exception {
    assertProblem(api.delete("/v1/assets/" + "0".repeat(64)), 404, "not-found");
  }
}
