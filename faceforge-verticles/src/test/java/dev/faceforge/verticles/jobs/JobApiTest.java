package dev.faceforge.verticles.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.verticles.api.RunningServer;
import dev.faceforge.verticles.commands.AssetCommand;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.write.Writer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobApiTest {
  @TempDir
  Path home;
  RunningServer s;
  JobHttp jobs;

  @BeforeEach
  void start() throws Exception {
    plugin("demo", "{\"id\": \"demo\", \"name\": \"Demo\", \"job_types\": [\"demo.render\", \"demo.train\","
        + " \"other.steal\"]}");
    plugin("broken", "{\"id\": \"broken\", \"job_types\": [");
    plugin("core-impostor", "{\"id\": \"core\", \"job_types\": [\"core.fake\"]}");
    s = RunningServer.start(RunningServer.settings(home).withJobs(JobSettings.DEFAULTS
        .withExecutor("core.test_idle", new TestExecutors.Forever(false))));
    jobs = new JobHttp(s);
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  @Test
  void createdJobIsQueuedAndReadableWithItsETag() throws Exception {
    HttpResponse<String> r = jobs.post("/v1/jobs", new JsonObject().put("type", "demo.render")
        .put("input", new JsonObject().put("frames", 12)));

    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject job = s.json(r);
    String id = job.getString("job_id");
    assertThat(id).matches("[0-9a-f]{64}");
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(job.getString("status")).isEqualTo("queued");
    assertThat(job.getString("executor")).isEqualTo("runner");
    assertThat(job.getJsonObject("input")).isEqualTo(new JsonObject().put("frames", 12));
    assertThat(job.getJsonObject("progress")).isEqualTo(new JsonObject().putNull("percent").putNull("step")
        .put("counters", new JsonObject()));
    assertThat(job.getInteger("log_count")).isZero();
    assertThat(jobs.job(id)).isEqualTo(job);
    assertThat(s.call("GET", "/v1/jobs/" + id, null, "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);
    assertThat(s.call("GET", "/v1/jobs/" + "0".repeat(64), null).statusCode()).isEqualTo(404);
  }

  @Test
  void listsFilterByTypeAndStatusNewestFirst() throws Exception {
    String a = jobs.create("demo.render", new JsonObject()).getString("job_id");
    String b = jobs.create("demo.train", new JsonObject()).getString("job_id");
    String c = jobs.create("demo.render", new JsonObject()).getString("job_id");
    assertThat(jobs.cancel(a).statusCode()).isEqualTo(200);

    assertThat(ids("/v1/jobs")).containsExactly(c, b, a);
    assertThat(ids("/v1/jobs?type=demo.render")).containsExactly(c, a);
    assertThat(ids("/v1/jobs?status=queued")).containsExactly(c, b);
    assertThat(ids("/v1/jobs?type=demo.render&status=canceled")).containsExactly(a);
    JsonObject page = s.json(s.call("GET", "/v1/jobs?limit=2", null));
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(ids("/v1/jobs?limit=2&cursor=" + page.getString("next_cursor"))).containsExactly(a);
    assertThat(s.call("GET", "/v1/jobs?status=lost", null).statusCode()).isEqualTo(400);
  }

  @Test
  void aTypeNobodyCanRunIsRefusedWithTheKnownTypes() throws Exception {
    HttpResponse<String> r = jobs.post("/v1/jobs", new JsonObject().put("type", "nobody.home"));

    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject problem = s.json(r);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("type");
    assertThat(problem.getString("detail")).isEqualTo("type: no runner can run nobody.home; known job types: "
        + "core.bulk_import, core.export, core.test_idle, demo.render, demo.train");
    assertThat(jobs.post("/v1/jobs", new JsonObject().put("type", "Not A Type")).statusCode()).isEqualTo(400);
  }

  @Test
  void typesOfferedByARunnerBecomeCreatable() throws Exception {
    assertThat(jobs.post("/v1/jobs", new JsonObject().put("type", "ocr.scan")).statusCode()).isEqualTo(422);

    assertThat(jobs.claim("ocr-1", 30, "ocr.scan")).isNull();

    assertThat(jobs.create("ocr.scan", new JsonObject()).getString("executor")).isEqualTo("runner");
  }

  @Test
  void inputAssetMustExist() throws Exception {
    String missing = "ab".repeat(32);
    HttpResponse<String> r = jobs.post("/v1/jobs", new JsonObject().put("type", "demo.render")
        .put("input_asset_id", missing));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(s.json(r).getString("detail")).isEqualTo("input_asset_id: no asset " + missing);

    String assetId = "cd".repeat(32);
    registerAsset(assetId);
    r = jobs.post("/v1/jobs", new JsonObject().put("type", "demo.render").put("input_asset_id", assetId));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(s.json(r).getString("input_asset_id")).isEqualTo(assetId);
    assertThat(s.json(s.call("GET", "/v1/jobs", null)).getLong("total")).isEqualTo(1);
  }

  @Test
  void largeInlineInputsBelongInAnAsset() throws Exception {
    JsonObject input = new JsonObject().put("blob", "x".repeat(300 * 1024));
    HttpResponse<String> r = jobs.post("/v1/jobs", new JsonObject().put("type", "demo.render").put("input", input));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(s.json(r).getString("detail")).contains("as an asset and pass its id as input_asset_id");
  }

  private java.util.List<String> ids(String path) throws Exception {
    HttpResponse<String> r = s.call("GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return s.json(r).getJsonArray("items").stream().map(j -> ((JsonObject) j).getString("job_id")).toList();
  }

  private void plugin(String dir, String manifest) throws Exception {
    Path d = home.resolve("plugins").resolve(dir);
    Files.createDirectories(d);
    Files.writeString(d.resolve("plugin.json"), manifest);
  }

  private void registerAsset(String assetId) {
    ObjectNode facts = JsonNodeFactory.instance.objectNode().put("kind", "data.input")
        .put("mime_type", "application/json").put("size_bytes", 10).put("content_hash", assetId);
    new CommandHandler(new Writer(s.vertx, s.server.store()))
        .handle(new AssetCommand.RegisterAsset(assetId, facts, null, null), EventMetadata.system()).await();
  }
}
