package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/assets/bulk-import}: a {@code core.bulk_import} job over a real directory with sidecars,
 * one log line per file, exact counters, idempotent re-runs, cancel, and refused input.
 */
class BulkImportTest {
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
  void importsADirectoryWithSidecarsThenSkipsWhatItAlreadyHas(@TempDir Path dir) throws Exception {
    String known = api.createEntity("Known", new JsonObject()).getString("entity_id");
    byte[] png = AssetHttp.png(4, 3);
    write(dir, "a.txt", "alpha");
    write(dir, "a.txt_meta.json", "{\"entity_id\": \"" + known + "\", \"role\": \"source\", \"note\": \"n1\"}");
    Files.write(dir.resolve("b.png"), png);
    write(dir, "b_meta.json", "{\"external_ids\": {\"stash\": \"s-1\"}, \"display_name\": \"Bea\"}");
    write(dir, "c.txt", "gamma");
    write(dir, "c_meta.json", "{\"display_name\": \"Cy Unique\", \"kind\": \"doc.special\"}");
    byte[] d = AssetHttp.bytes(81, 3000);
    Files.write(dir.resolve("d.bin"), d);
    write(dir, "e.txt", "epsilon");
    write(dir, "e.txt_meta.json", "{broken");
    write(dir, ".hidden", "never imported");
    Files.createDirectories(dir.resolve("sub"));
    write(dir.resolve("sub"), "f.txt", "phi");
    long entitiesBefore = api.read("/v1/entities").getLong("total");

    JsonObject job = run(dir, false);

    assertThat(job.getString("status")).isEqualTo("succeeded");
    assertThat(job.getJsonObject("result")).isEqualTo(counters(5, 4, 0, 1).put("path", dir.toString()));
    assertThat(job.getJsonObject("progress").getDouble("percent")).isEqualTo(100.0);
    assertThat(job.getJsonObject("progress").getString("step")).isEqualTo("5/5");
    JsonArray log = log(job);
    assertThat(log).hasSize(6);
    assertThat(log.getJsonObject(0).getString("message")).isEqualTo("5 files to import from " + dir);
    Map<String, JsonObject> lines = byFile(log);
    assertThat(lines.keySet()).containsExactly("a.txt", "b.png", "c.txt", "d.bin", "e.txt");
    for (String imported : List.of("a.txt", "b.png", "c.txt", "d.bin")) {
      assertThat(lines.get(imported).getString("level")).isEqualTo("info");
      assertThat(lines.get(imported).getString("message")).isEqualTo("imported " + imported);
    }
    assertThat(lines.get("e.txt").getString("level")).isEqualTo("error");
    assertThat(lines.get("e.txt").getString("message")).startsWith("failed e.txt: ");
    assertThat(lines.get("d.bin").getJsonObject("data").getString("asset_id")).isEqualTo(AssetHttp.sha256(d));

    JsonObject a = api.read("/v1/assets/" + sha("alpha"));
    assertThat(a.getString("kind")).isEqualTo("doc.import");
    assertThat(a.getString("mime_type")).isEqualTo("text/plain");
    assertThat(a.getString("original_filename")).isEqualTo("a.txt");
    assertThat(a.getJsonArray("links"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("entity_id", known).put("role", "source")));
    assertThat(a.getJsonObject("user_metadata")).isEqualTo(new JsonObject().put("entity_id", known)
        .put("role", "source").put("note", "n1"));
    JsonObject b = api.read("/v1/assets/" + AssetHttp.sha256(png));
    assertThat(b.getString("mime_type")).isEqualTo("image/png");
    assertThat(b.getJsonObject("extracted_metadata").getInteger("width")).isEqualTo(4);
    JsonObject bea = api.read("/v1/entities/" + b.getJsonArray("linked_entity_ids").getString(0));
    assertThat(bea.getString("display_name")).isEqualTo("Bea");
    assertThat(bea.getJsonObject("external_ids")).isEqualTo(new JsonObject().put("stash", "s-1"));
    JsonObject c = api.read("/v1/assets/" + sha("gamma"));
    assertThat(c.getString("kind")).as("the sidecar's kind wins").isEqualTo("doc.special");
    assertThat(api.read("/v1/entities/" + c.getJsonArray("linked_entity_ids").getString(0)).getString("display_name"))
        .isEqualTo("Cy Unique");
    JsonObject plain = api.read("/v1/assets/" + AssetHttp.sha256(d));
    assertThat(plain.getJsonArray("links")).isEmpty();
    assertThat(plain.getJsonObject("user_metadata")).isEqualTo(new JsonObject());
    assertProblem(api.get("/v1/assets/" + sha("epsilon")), 404, "not-found");
    assertProblem(api.get("/v1/assets/" + sha("phi")), 404, "not-found");
    assertThat(api.read("/v1/entities").getLong("total")).isEqualTo(entitiesBefore + 2);
    assets.awaitEmptyTmp();

    JsonObject recursive = run(dir, true);
    assertThat(recursive.getJsonObject("result")).isEqualTo(counters(6, 1, 4, 1).put("path", dir.toString()));
    assertThat(byFile(log(recursive)).get("f.txt").getString("message")).isEqualTo("imported f.txt");
    assertThat(byFile(log(recursive)).get("a.txt").getString("message")).isEqualTo("skipped a.txt (already imported)");
    long assetsAfter = api.read("/v1/assets").getLong("total");
    assertThat(assetsAfter).isEqualTo(5L);

    Files.delete(dir.resolve("e.txt"));
    Files.delete(dir.resolve("e.txt_meta.json"));
    JsonObject again = run(dir, true);
    assertThat(again.getString("status")).isEqualTo("succeeded");
    assertThat(again.getJsonObject("result")).isEqualTo(counters(5, 0, 5, 0).put("path", dir.toString()));
    assertThat(log(again)).hasSize(6);
    assertThat(byFile(log(again)).values()).allSatisfy(line -> assertThat(line.getString("message"))
        .startsWith("skipped "));
    assertThat(api.read("/v1/assets").getLong("total")).isEqualTo(assetsAfter);
    assertThat(api.read("/v1/entities").getLong("total")).isEqualTo(entitiesBefore + 2);
    assets.awaitEmptyTmp();
  }

  @Test
  void aSidecarNamingAMissingEntityFailsOnlyItsFile(@TempDir Path dir) throws Exception {
    write(dir, "orphan.txt", "orphan bytes");
    write(dir, "orphan_meta.json", "{\"entity_id\": \"" + "e".repeat(64) + "\"}");
    write(dir, "fine.txt", "fine bytes");

    JsonObject job = run(dir, false);

    assertThat(job.getString("status")).isEqualTo("succeeded");
    assertThat(job.getJsonObject("result")).isEqualTo(counters(2, 1, 0, 1).put("path", dir.toString()));
    assertThat(byFile(log(job)).get("orphan.txt").getString("message")).contains("does not exist");
    assertProblem(api.get("/v1/assets/" + sha("orphan bytes")), 404, "not-found");
    assets.awaitEmptyTmp();
  }

  @Test
  void filesFailAloneInEveryBatchAndEachGetsOneLine(@TempDir Path dir) throws Exception {
    // more batches than are under way at once, and a short last one
    int files = BulkImport.BATCH * (BulkImport.BATCHES_IN_FLIGHT + 2) + 7;
    Map<String, String> failing = new TreeMap<>();
    for (int i = 0; i < files; i++) {
      String name = String.format("m%04d.txt", i);
      write(dir, name, "batch bytes " + i);
      if (i % 9 == 4) {
        write(dir, name + "_meta.json", "{broken");
        failing.put(name, "failed " + name + ": ");
      } else if (i % 9 == 7) {
        write(dir, name + "_meta.json", "{\"entity_id\": \"" + "f".repeat(64) + "\"}");
        failing.put(name, "failed " + name + ": entity_id " + "f".repeat(64) + " does not exist");
      }
    }

    JsonObject job = await(start(dir, false, "doc.batches"),
        j -> List.of("succeeded", "failed", "canceled").contains(j.getString("status")), Duration.ofSeconds(60));

    assertThat(job.getString("status")).isEqualTo("succeeded");
    assertThat(job.getJsonObject("result"))
        .isEqualTo(counters(files, files - failing.size(), 0, failing.size()).put("path", dir.toString()));
    Map<String, JsonObject> lines = byFile(log(job));
    assertThat(lines).hasSize(files);
    lines.forEach((name, line) -> {
      if (failing.containsKey(name)) {
        assertThat(line.getString("level")).as(name).isEqualTo("error");
        assertThat(line.getString("message")).as(name).startsWith(failing.get(name));
      } else {
        assertThat(line.getString("message")).as(name).isEqualTo("imported " + name);
        assertThat(line.getJsonObject("data").getString("asset_id")).isEqualTo(sha("batch bytes " + name.substring(1, 5)
            .replaceFirst("^0+(?=.)", "")));
      }
    });
    assertThat(api.read("/v1/assets?kind=doc.batches").getLong("total")).isEqualTo((long) files - failing.size());
    assets.awaitEmptyTmp();
  }

  @Test
  void anEmptyDirectorySucceedsWithNothingImported(@TempDir Path dir) throws Exception {
    JsonObject job = run(dir, true);

    assertThat(job.getJsonObject("result")).isEqualTo(counters(0, 0, 0, 0).put("path", dir.toString()));
    assertThat(job.getJsonObject("progress").getDouble("percent")).isEqualTo(100.0);
  }

  @Test
  void cancelStopsARunningImport(@TempDir Path dir) throws Exception {
    int files = 1500;
    for (int i = 0; i < files; i++) {
      write(dir, String.format("f%05d.txt", i), "cancel me " + i);
    }
    String jobId = start(dir, false, "doc.cancel");
    await(jobId, j -> j.getJsonObject("progress").getValue("percent") instanceof Number n && n.doubleValue() > 0,
        Duration.ofSeconds(30));

    HttpResponse<String> cancel = api.call("POST", "/v1/jobs/" + jobId + "/cancel", null);
    assertThat(cancel.statusCode()).as(cancel.body()).isIn(200, 202);

    JsonObject job = await(jobId, j -> !j.getString("status").equals("running"), Duration.ofSeconds(30));
    assertThat(job.getString("status")).isEqualTo("canceled");
    long imported = api.read("/v1/assets?kind=doc.cancel").getLong("total");
    assertThat(imported).isPositive().isLessThan(files);
    assertThat(byFile(log(job))).as("one line per file it got to").hasSize((int) imported);
    System.out.println("BulkImportTest: canceled after " + imported + " of " + files + " files");
    assets.awaitEmptyTmp();
  }

  @Test
  void refusedInputNamesTheFieldAndQueuesNothing(@TempDir Path dir) throws Exception {
    long before = api.logPosition();
    Files.writeString(dir.resolve("file.txt"), "not a directory");

    assertThat(fields(assertProblem(importing(new JsonObject().put("path", "relative/dir").put("kind", "doc.x")),
        422, "validation-failed"))).containsExactly("path");
    assertThat(fields(assertProblem(importing(new JsonObject().put("path", dir.resolve("missing").toString())
        .put("kind", "doc.x")), 422, "validation-failed"))).containsExactly("path");
    assertThat(fields(assertProblem(importing(new JsonObject().put("path", dir.resolve("file.txt").toString())
        .put("kind", "doc.x")), 422, "validation-failed"))).containsExactly("path");
    assertThat(fields(assertProblem(importing(new JsonObject().put("path", dir.toString())), 400,
        "invalid-request"))).containsExactly("kind");
    assertThat(fields(assertProblem(importing(new JsonObject().put("path", dir.toString()).put("kind", "Bad")),
        400, "invalid-request"))).containsExactly("kind");
    assertThat(fields(assertProblem(importing(new JsonObject().put("kind", "doc.x")), 400, "invalid-request")))
        .containsExactly("path");
    assertProblem(importing(new JsonObject().put("path", dir.toString()).put("kind", "doc.x").put("extra", 1)), 400,
        "invalid-request");

    assertThat(api.logPosition()).isEqualTo(before);
  }

  private static HttpResponse<String> importing(JsonObject body) throws Exception {
    return api.post("/v1/assets/bulk-import", body);
  }

  private static String start(Path dir, boolean recursive, String kind) throws Exception {
    HttpResponse<String> r = importing(new JsonObject().put("path", dir.toString()).put("recursive", recursive)
        .put("kind", kind));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String jobId = api.json(r).getString("job_id");
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/jobs/" + jobId);
    assertThat(api.json(r).getString("type")).isEqualTo("core.bulk_import");
    return jobId;
  }

  /** Starts an import and waits for it to finish. */
  private static JsonObject run(Path dir, boolean recursive) throws Exception {
    return await(start(dir, recursive, "doc.import"),
        j -> List.of("succeeded", "failed", "canceled").contains(j.getString("status")),
        Duration.ofSeconds(30));
  }

  private static JsonObject await(String jobId, java.util.function.Predicate<JsonObject> until, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject job = api.read("/v1/jobs/" + jobId);
    while (!until.test(job)) {
      assertThat(System.nanoTime()).as("job %s never got there: %s", jobId, job).isLessThan(deadline);
      Thread.sleep(20);
      job = api.read("/v1/jobs/" + jobId);
    }
    return job;
  }

  private static JsonArray log(JsonObject job) throws Exception {
    return api.read("/v1/jobs/" + job.getString("job_id") + "/log?limit=1000").getJsonArray("items");
  }

  /** The per-file log lines by file name (each file has exactly one). */
  private static Map<String, JsonObject> byFile(JsonArray log) {
    Map<String, JsonObject> out = new TreeMap<>();
    for (Object o : log) {
      JsonObject line = (JsonObject) o;
      String file = line.getJsonObject("data", new JsonObject()).getString("file");
      if (file != null) {
        assertThat(out.put(Path.of(file).getFileName().toString(), line)).as("one line for " + file).isNull();
      }
    }
    return out;
  }

  private static JsonObject counters(int total, int imported, int skipped, int failed) {
    return new JsonObject().put("total", total).put("imported", imported).put("skipped", skipped)
        .put("failed", failed);
  }

  private static String sha(String text) {
    return AssetHttp.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path dir, String name, String text) throws Exception {
    Files.writeString(dir.resolve(name), text);
  }
}
