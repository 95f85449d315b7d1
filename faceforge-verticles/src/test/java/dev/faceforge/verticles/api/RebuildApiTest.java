package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.projections.CoreProjector;
import dev.faceforge.projections.Rebuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query tables are a pure function of the log: after a mixed workload through the API, replaying the log
 * into fresh tables ({@link Rebuilder}) reproduces every row of every table, the full-text index's content
 * included, and a server started on the rebuilt file answers as before.
 */
class RebuildApiTest {
  /** Reads whose answers must survive the rebuild (none of them depends on the time of the request). */
  private static final List<String> READS = List.of(
      "/v1/entities?include_deleted=true&limit=1000&sort=created_at",
      "/v1/entities?sort=display_name&limit=1000",
      "/v1/entities?q=lov&limit=1000",
      "/v1/entities?tag=math&tag=pioneer",
      "/v1/admin/field-defs?limit=1000",
      "/v1/relationships?limit=1000",
      "/v1/relation-types?limit=1000");

  @TempDir
  Path home;

  @Test
  void rebuildingFromTheLogReproducesEveryQueryTable() throws Exception {
    Map<String, String> answers = new LinkedHashMap<>();
    long logPosition;
    try (RunningServer api = RunningServer.start(home)) {
      List<String> perEntity = workload(api);
      for (String path : reads(perEntity)) {
        answers.put(path, api.get(path).body());
      }
      logPosition = api.logPosition();
    }
    Path db = RunningServer.settings(home).layout().dbFile();
    Map<String, List<String>> before = dump(db);

    long replayed = Rebuilder.rebuild(db);

    assertThat(replayed).isEqualTo(logPosition);
    Map<String, List<String>> after = dump(db);
    assertThat(after.keySet()).containsExactly(CoreProjector.TABLES);
    for (String table : CoreProjector.TABLES) {
      assertThat(after.get(table)).as("table %s", table).isNotEmpty().containsExactlyElementsOf(before.get(table));
    }
    try (RunningServer api = RunningServer.start(home)) {
      assertThat(api.logPosition()).isEqualTo(logPosition);
      for (Map.Entry<String, String> read : answers.entrySet()) {
        assertThat(new JsonObject(api.get(read.getKey()).body())).as(read.getKey())
            .isEqualTo(new JsonObject(read.getValue()));
      }
    }
  }

  /** Creates, changes and deletes a bit of everything; returns the ids of some entities worth reading back. */
  private static List<String> workload(RunningServer api) throws Exception {
    api.create("/v1/admin/field-defs", def("age", "integer").put("min", 0));
    api.create("/v1/admin/field-defs", def("height_cm", "integer").put("scope", "descriptor"));
    api.create("/v1/admin/field-defs", def("mood", "enum").put("options", new JsonArray().add("calm")));
    expect(api.patch("/v1/admin/field-defs/age", new JsonObject().put("label", "Age in years").put("max", 150)),
        200);
    expect(api.delete("/v1/admin/field-defs/mood"), 204);
    api.create("/v1/admin/field-defs", def("mood", "string"));

    String ada = api.createEntity("Ada Lovelace", new JsonObject()
        .put("aliases", new JsonArray().add("Countess")).put("tags", new JsonArray().add("math").add("pioneer"))
        .put("fields", new JsonObject().put("age", 36).put("notes", new JsonObject().put("a", 1.50)))
        .put("plugin_data", new JsonObject().put("stash", new JsonObject().put("rating", 5)))
        .put("external_ids", new JsonObject().put("wikidata", "Q7259"))).getString("entity_id");
    String charles = api.createEntity("Charles Babbage", new JsonObject()
        .put("tags", new JsonArray().add("math"))).getString("entity_id");
    String grace = api.createEntity("grace hopper", new JsonObject()).getString("entity_id");
    String gone = api.createEntity("Gone Girl", new JsonObject().put("tags", new JsonArray().add("x")))
        .getString("entity_id");
    expect(api.patch("/v1/entities/" + ada, new JsonObject().put("fields", new JsonObject().putNull("notes")
        .put("mood", "bright")).put("tags", new JsonArray().add("math").add("pioneer").add("poet"))), 200);
    expect(api.patch("/v1/entities/" + grace, new JsonObject().put("display_name", "Grace Hopper")
        .put("aliases", new JsonArray().add("Amazing Grace"))), 200);
    expect(api.patch("/v1/entities/" + gone,
        new JsonObject().put("external_ids", new JsonObject().put("imdb", "tt1"))), 200);
    expect(api.delete("/v1/entities/" + gone), 204);
    // tags differing only in case: the first one written wins, live and in a rebuild
    String cases = api.createEntity("Case Study", new JsonObject().put("tags", new JsonArray().add("Poet").add("zeta")
        .add("poet").add("POET"))).getString("entity_id");
    expect(api.patch("/v1/entities/" + cases, new JsonObject().put("tags", new JsonArray().add("ZETA").add("Zeta")
        .add("alpha")).put("external_ids", new JsonObject().put("stash", "case-1").put("imdb", "tt-case"))), 200);

    String address = api.create("/v1/entities/" + ada + "/descriptors", new JsonObject().put("key", "address")
        .put("value", "Marylebone").put("valid_from", "1835-07-08").put("note", "married"))
        .getString("descriptor_id");
    api.create("/v1/entities/" + ada + "/descriptors", new JsonObject().put("key", "height_cm").put("value", 165));
    String temp = api.create("/v1/entities/" + charles + "/descriptors", new JsonObject().put("key", "temp")
        .put("value", new JsonObject().put("x", 1))).getString("descriptor_id");
    expect(api.patch("/v1/descriptors/" + address, new JsonObject().put("valid_to", "1852-11-27T12:00:00+01:00")
        .putNull("note")), 200);
    expect(api.delete("/v1/descriptors/" + temp), 204);

    api.create("/v1/relationships", relation(ada, charles, "colleague_of"));
    String friends = api.create("/v1/relationships", relation(charles, grace, "Friend_Of")
        .put("fields", new JsonObject().put("since", 1950))).getString("relationship_id");
    api.create("/v1/relationships", relation(grace, ada, "admirer_of"));
    expect(api.delete("/v1/relationships/" + friends), 204);

    JsonArray items = new JsonArray();
    for (int i = 0; i < 40; i++) {
      items.add(new JsonObject().put("display_name", "Imported " + i).put("tags", new JsonArray().add("import"))
          .put("external_ids", new JsonObject().put("stash", "s" + i))
          .put("fields", new JsonObject().put("age", i)));
    }
    expect(api.post("/v1/entities/bulk-upsert", new JsonObject().put("items", items)), 200);
    items.getJsonObject(3).put("display_name", "Imported three");
    items.getJsonObject(5).getJsonObject("fields").put("age", "five");
    items.add(new JsonObject().put("display_name", "Babbage again").put("external_ids",
        new JsonObject().put("stash", "s7").put("wikidata", "Q7259")));
    expect(api.post("/v1/entities/bulk-upsert", new JsonObject().put("items", items)), 200);
    assets(api, ada, charles);
    return List.of(ada, charles, grace, gone);
  }

  /** Uploads, links, patches and deletes assets, and imports a directory (a job with its log). */
  private static void assets(RunningServer api, String ada, String charles) throws Exception {
    HttpResponse<String> portrait = api.upload("ada.png", "not really a png".getBytes(), "{\"source\": \"scan\"}",
        "kind", "image.original", "entity_id", ada, "role", "portrait");
    expect(portrait, 201);
    String portraitId = api.json(portrait).getString("asset_id");
    HttpResponse<String> thumb = api.upload("thumb.png", "smaller".getBytes(), null, "kind", "image.thumbnail",
        "derived_from_asset_id", portraitId);
    expect(thumb, 201);
    expect(api.post("/v1/entities/" + charles + "/assets/" + portraitId + "/link", new JsonObject()), 200);
    expect(api.patch("/v1/assets/" + portraitId, new JsonObject().put("user_metadata",
        new JsonObject().put("rating", 5))), 200);
    HttpResponse<String> doomed = api.upload("doomed.txt", "temporary".getBytes(), null, "kind", "doc.text");
    expect(api.delete("/v1/assets/" + api.json(doomed).getString("asset_id")), 204);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ff-import");
    java.nio.file.Files.writeString(dir.resolve("note.txt"), "imported by a job");
    HttpResponse<String> job = api.post("/v1/assets/bulk-import", new JsonObject().put("path", dir.toString())
        .put("kind", "doc.text"));
    expect(job, 202);
    String jobId = api.json(job).getString("job_id");
    for (int i = 0; i < 200 && !api.read("/v1/jobs/" + jobId).getString("status").equals("succeeded"); i++) {
      Thread.sleep(50);
    }
    assertThat(api.read("/v1/jobs/" + jobId).getString("status")).isEqualTo("succeeded");
  }

  private static void expect(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
  }

  private static List<String> reads(List<String> entities) {
    List<String> out = new ArrayList<>(READS);
    for (String id : entities) {
      out.add("/v1/entities/" + id + "?include_deleted=true");
      out.add("/v1/entities/" + id + "/history");
      out.add("/v1/relationships?entity_id=" + id);
    }
    out.add("/v1/entities/" + entities.get(0) + "/descriptors");
    out.add("/v1/entities/" + entities.get(0) + "/descriptors?at=1840-01-01T00:00:00Z");
    return out;
  }

  /** Every row of every query table, ordered by all its columns; the full-text table with its rowids. */
  private static Map<String, List<String>> dump(Path db) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
         Statement s = c.createStatement()) {
      for (String table : CoreProjector.TABLES) {
        String sql;
        try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = '" + table + "'")) {
          sql = rs.next() ? rs.getString(1) : "";
        }
        String select = sql.startsWith("CREATE VIRTUAL TABLE") ? "SELECT rowid, * FROM " : "SELECT * FROM ";
        out.put(table, rows(s, select + table));
      }
    }
    return out;
  }

  private static List<String> rows(Statement s, String select) throws Exception {
    int columns;
    try (ResultSet rs = s.executeQuery(select + " LIMIT 0")) {
      columns = rs.getMetaData().getColumnCount();
    }
    StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
    for (int i = 1; i <= columns; i++) {
      order.add(Integer.toString(i));
    }
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(select + order)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringJoiner row = new StringJoiner(" | ");
        for (int i = 1; i <= columns; i++) {
          Object v = rs.getObject(i);
          row.add(meta.getColumnName(i) + "=" + (v == null ? "NULL" : v.getClass().getSimpleName() + ":" + v));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static JsonObject def(String key, String type) {
    return new JsonObject().put("field_key", key).put("type", type).put("label", key);
  }

  private static JsonObject relation(String source, String target, String type) {
    return new JsonObject().put("source_entity_id", source).put("target_entity_id", target).put("type", type);
  }
}
