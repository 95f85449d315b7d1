package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A mixed workload through the API, in two phases: the first creates a bit of everything (field
 * definitions, entities, descriptors, relationships, assets with links and a derived one, a deleted asset, a
 * bulk-import job); the second changes and deletes some of it, including an asset that was live after the
 * first phase (whose bytes Core then removes).
 */
final class Workload {
  String ada;
  String charles;
  String grace;
  String portrait;
  /** Live after the first phase, deleted in the second. */
  String note;
  String later;
  String jobId;

  void first(RunningServer api) throws Exception {
    api.create("/v1/admin/field-defs", def("age", "integer").put("min", 0));
    api.create("/v1/admin/field-defs", def("height_cm", "integer").put("scope", "descriptor"));
    api.create("/v1/admin/field-defs", def("mood", "enum").put("options", new JsonArray().add("calm")));
    expect(api.patch("/v1/admin/field-defs/age", new JsonObject().put("label", "Age in years")), 200);
    expect(api.delete("/v1/admin/field-defs/mood"), 204);
    ada = api.createEntity("Ada Lovelace", new JsonObject().put("aliases", new JsonArray().add("Countess"))
        .put("tags", new JsonArray().add("math").add("pioneer")).put("fields", new JsonObject().put("age", 36))
        .put("external_ids", new JsonObject().put("wikidata", "Q7259"))).getString("entity_id");
    charles = api.createEntity("Charles Babbage", new JsonObject().put("tags", new JsonArray().add("math")))
        .getString("entity_id");
    grace = api.createEntity("grace hopper", new JsonObject()).getString("entity_id");
    String gone = api.createEntity("Gone Girl", new JsonObject()).getString("entity_id");
    expect(api.delete("/v1/entities/" + gone), 204);
    String address = api.create("/v1/entities/" + ada + "/descriptors", new JsonObject().put("key", "address")
        .put("value", "Marylebone").put("valid_from", "1835-07-08")).getString("descriptor_id");
    api.create("/v1/entities/" + ada + "/descriptors", new JsonObject().put("key", "height_cm").put("value", 165));
    expect(api.patch("/v1/descriptors/" + address, new JsonObject().put("valid_to", "1852-11-27")), 200);
    api.create("/v1/relationships", relation(ada, charles, "colleague_of"));
    api.create("/v1/relationships", relation(grace, ada, "admirer_of"));
    portrait = uploaded(api.upload("ada.png", bytes(70_000, 1), "{\"source\": \"scan\"}", "kind", "image.original",
        "entity_id", ada, "role", "portrait"));
    uploaded(api.upload("thumb.png", bytes(3_000, 2), null, "kind", "image.thumbnail", "derived_from_asset_id",
        portrait));
    expect(api.post("/v1/entities/" + charles + "/assets/" + portrait + "/link", new JsonObject()), 200);
    expect(api.patch("/v1/assets/" + portrait, new JsonObject().put("user_metadata",
        new JsonObject().put("rating", 5))), 200);
    String doomed = uploaded(api.upload("doomed.txt", "temporary".getBytes(), null, "kind", "doc.text"));
    expect(api.delete("/v1/assets/" + doomed), 204);
    note = uploaded(api.upload("note.txt", "a note, deleted later".getBytes(), null, "kind", "doc.text",
        "entity_id", grace));
    jobId = bulkImport(api);
  }

  void second(RunningServer api) throws Exception {
    expect(api.patch("/v1/entities/" + ada, new JsonObject().put("tags", new JsonArray().add("math").add("poet"))),
        200);
    expect(api.delete("/v1/assets/" + note), 204);
    later = uploaded(api.upload("later.bin", bytes(3_500_000, 3), null, "kind", "model.lora", "entity_id", charles));
    expect(api.post("/v1/entities/" + charles + "/assets/" + portrait + "/unlink", new JsonObject()), 200);
    api.createEntity("Alan Turing", new JsonObject().put("tags", new JsonArray().add("math")));
    JsonArray items = new JsonArray();
    for (int i = 0; i < 30; i++) {
      items.add(new JsonObject().put("display_name", "Imported " + i)
          .put("external_ids", new JsonObject().put("stash", "s" + i)).put("fields", new JsonObject().put("age", i)));
    }
    expect(api.post("/v1/entities/bulk-upsert", new JsonObject().put("items", items)), 200);
  }

  private static String bulkImport(RunningServer api) throws Exception {
    Path dir = Files.createTempDirectory("ff-backup-import");
    Files.writeString(dir.resolve("a.txt"), "imported by a job");
    Files.write(dir.resolve("b.bin"), bytes(10_000, 4));
    HttpResponse<String> job = api.post("/v1/assets/bulk-import", new JsonObject().put("path", dir.toString())
        .put("kind", "doc.text"));
    expect(job, 202);
    String id = api.json(job).getString("job_id");
    awaitJob(api, id, "succeeded");
    return id;
  }

  static JsonObject awaitJob(RunningServer api, String id, String status) throws Exception {
    for (int i = 0; i < 400 && !api.read("/v1/jobs/" + id).getString("status").equals(status); i++) {
      Thread.sleep(50);
    }
    JsonObject job = api.read("/v1/jobs/" + id);
    assertThat(job.getString("status")).as(job.encode()).isEqualTo(status);
    return job;
  }

  /** Waits until Core removed the bytes of a deleted asset from the fs store of {@code home}. */
  static void awaitBytesGone(Path home, String assetId) throws Exception {
    Path file = blobFile(home, assetId);
    for (int i = 0; i < 200 && Files.exists(file); i++) {
      Thread.sleep(25);
    }
    assertThat(file).doesNotExist();
  }

  static Path blobFile(Path home, String sha256) {
    return home.resolve("assets/sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4))
        .resolve(sha256);
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String uploaded(HttpResponse<String> r) {
    expect(r, 201);
    return new JsonObject(r.body()).getString("asset_id");
  }

  static void expect(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
  }

  private static JsonObject def(String key, String type) {
    return new JsonObject().put("field_key", key).put("type", type).put("label", key);
  }

  private static JsonObject relation(String source, String target, String type) {
    return new JsonObject().put("source_entity_id", source).put("target_entity_id", target).put("type", type);
  }
}
