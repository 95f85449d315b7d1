package dev.faceforge.verticles.jobs;

import static dev.faceforge.verticles.jobs.JobHttp.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerProtocolTest {
  @TempDir
  Path home;
  RunningServer s;
  JobHttp jobs;

  @BeforeEach
  void start() throws Exception {
    s = RunningServer.start(home);
    jobs = new JobHttp(s);
    assertThat(jobs.claim("render-1", 30, "demo.render", "demo.train")).isNull();
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  @Test
  void aRunnerClaimsLogsReportsProgressAndCompletes() throws Exception {
    String first = jobs.create("demo.render", new JsonObject().put("n", 1)).getString("job_id");
    jobs.create("demo.render", new JsonObject().put("n", 2));

    Instant before = Instant.now();
    JsonObject claimed = jobs.claim("render-1", 30, "demo.render");
    assertThat(claimed.getString("job_id")).isEqualTo(first);
    assertThat(claimed.getString("status")).isEqualTo("running");
    assertThat(claimed.getString("runner_id")).isEqualTo("render-1");
    assertThat(claimed.getInteger("attempt")).isEqualTo(1);
    assertThat(Instant.parse(claimed.getString("lease_until"))).isBetween(before.plusSeconds(29),
        Instant.now().plusSeconds(30));

    HttpResponse<String> hb = jobs.heartbeat(first, "render-1", 120);
    assertThat(hb.statusCode()).isEqualTo(200);
    assertThat(s.json(hb).getBoolean("cancel_requested")).isFalse();
    assertThat(Instant.parse(s.json(hb).getString("lease_until"))).isAfter(before.plusSeconds(119));

    HttpResponse<String> logged = jobs.log(first, "render-1", line("info", "loading"),
        line("debug", "frame 1").put("data", new JsonObject().put("ms", 14))
            .put("time", "2026-01-02T03:04:05.6+01:00"));
    assertThat(s.json(logged)).isEqualTo(new JsonObject().put("job_id", first).put("last_seq", 2));
    assertThat(s.json(jobs.log(first, "render-1", line("warn", "slow frame"))).getLong("last_seq")).isEqualTo(3);

    jobs.progress(first, "render-1", new JsonObject().put("percent", 40).put("step", "frames")
        .put("counters", new JsonObject().put("done", 4).put("total", 10)));
    HttpResponse<String> progressed = jobs.progress(first, "render-1", new JsonObject().put("percent", 50.5)
        .put("counters", new JsonObject().put("done", 5)));
    assertThat(s.json(progressed).getJsonObject("progress")).isEqualTo(new JsonObject().put("percent", 50.5)
        .put("step", "frames").put("counters", new JsonObject().put("done", 5).put("total", 10)));

    HttpResponse<String> done = jobs.complete(first, "render-1", new JsonObject().put("frames", 10));
    assertThat(done.statusCode()).isEqualTo(200);
    JsonObject job = s.json(done);
    assertThat(job.getString("status")).isEqualTo("succeeded");
    assertThat(job.getJsonObject("result")).isEqualTo(new JsonObject().put("frames", 10));
    assertThat(job.getValue("runner_id")).isNull();
    assertThat(job.getValue("lease_until")).isNull();
    assertThat(job.getString("finished_at")).isNotNull();
    assertThat(done.headers().firstValue("ETag")).hasValue("\"" + job.getLong("version") + "\"");

    JsonArray log = jobs.logLines(first);
    assertThat(log).hasSize(3);
    assertThat(log.getJsonObject(1)).isEqualTo(new JsonObject().put("seq", 2).put("time", "2026-01-02T02:04:05.600Z")
        .put("level", "debug").put("message", "frame 1").put("data", new JsonObject().put("ms", 14)));
    assertThat(log.getJsonObject(2).getString("level")).isEqualTo("warn");
    assertThat(jobs.complete(first, "render-1", new JsonObject()).statusCode()).isEqualTo(409);
  }

  @Test
  void aRunnerFailsAJob() throws Exception {
    String id = jobs.create("demo.train", new JsonObject()).getString("job_id");
    assertThat(jobs.claim("render-1", 30, "demo.train").getString("job_id")).isEqualTo(id);

    HttpResponse<String> failed = jobs.post("/v1/jobs/" + id + "/fail", JobHttp.runner("render-1")
        .put("error", "out of GPU memory").put("result", new JsonObject().put("epochs", 3)));

    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(s.json(failed).getString("status")).isEqualTo("failed");
    assertThat(s.json(failed).getString("error")).isEqualTo("out of GPU memory");
    assertThat(s.json(failed).getJsonObject("result")).isEqualTo(new JsonObject().put("epochs", 3));
  }

  @Test
  void onlyTheRunnerHoldingTheLeaseMayTouchTheJob() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("render-1", 30, "demo.render");

    assertThat(jobs.claim("render-2", 30, "demo.render")).isNull();
    for (HttpResponse<String> r : java.util.List.of(jobs.heartbeat(id, "render-2", 30),
        jobs.log(id, "render-2", line("info", "mine now")), jobs.progress(id, "render-2",
            new JsonObject().put("percent", 1)), jobs.complete(id, "render-2", new JsonObject()),
        jobs.fail(id, "render-2", "nope"), jobs.acknowledgeCancel(id, "render-2"))) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
      assertThat(s.json(r).getString("detail")).isEqualTo("job " + id + " is held by another runner (render-1)");
    }
    assertThat(jobs.job(id).getInteger("version")).isEqualTo(2);
    assertThat(jobs.heartbeat("0".repeat(64), "render-1", 30).statusCode()).isEqualTo(404);
  }

  @Test
  void runnerInputIsChecked() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("render-1", 30, "demo.render");

    assertThat(jobs.post("/v1/jobs/claim", JobHttp.runner("core").put("types", new JsonArray().add("demo.render")))
        .statusCode()).isEqualTo(422);
    HttpResponse<String> coreTypes = jobs.post("/v1/jobs/claim", JobHttp.runner("sneaky")
        .put("types", new JsonArray().add("core.export")));
    assertThat(coreTypes.statusCode()).isEqualTo(422);
    assertThat(s.json(coreTypes).getString("detail")).contains("core namespace is reserved");
    assertThat(jobs.heartbeat(id, "render-1", 0).statusCode()).isEqualTo(400);
    assertThat(jobs.log(id, "render-1", line("loud", "x")).statusCode()).isEqualTo(400);
    assertThat(jobs.progress(id, "render-1", new JsonObject().put("percent", 101)).statusCode()).isEqualTo(400);
    HttpResponse<String> unknownOutput = jobs.post("/v1/jobs/" + id + "/complete", JobHttp.runner("render-1")
        .put("output_asset_ids", new JsonArray().add("ef".repeat(32))));
    assertThat(unknownOutput.statusCode()).isEqualTo(422);
    assertThat(s.json(unknownOutput).getString("detail")).isEqualTo("output_asset_ids[0]: no asset " + "ef".repeat(32));
    assertThat(jobs.job(id).getString("status")).isEqualTo("running");
    assertThat(jobs.await(id, j -> j.getString("status").equals("running"), Duration.ofSeconds(1))).isNotNull();
  }
}
