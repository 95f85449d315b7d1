package dev.faceforge.verticles.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's in-process runner, with job types that exist only in tests. */
class CoreJobsTest {
  @TempDir
  Path home;

  private RunningServer start(JobSettings jobs) throws Exception {
    return RunningServer.start(RunningServer.settings(home).withJobs(jobs));
  }

  private static JobSettings testTypes() {
    return JobSettings.DEFAULTS.withExecutor("core.test_echo", new TestExecutors.Echo())
        .withExecutor("core.test_boom", new TestExecutors.Boom())
        .withExecutor("core.test_until_canceled", new TestExecutors.UntilCanceled());
  }

  @Test
  void coreJobsRunInProcessAndReportLikeRunners() throws Exception {
    try (RunningServer s = start(testTypes())) {
      JobHttp jobs = new JobHttp(s);
      JsonObject created = jobs.create("core.test_echo", new JsonObject().put("word", "hi"));
      assertThat(created.getString("executor")).isEqualTo("core");

      JsonObject done = jobs.awaitStatus(created.getString("job_id"), "succeeded");

      assertThat(done.getJsonObject("result"))
          .isEqualTo(new JsonObject().put("echo", new JsonObject().put("word", "hi")));
      assertThat(done.getJsonObject("progress")).isEqualTo(new JsonObject().put("percent", 100).put("step", "echoed")
          .put("counters", new JsonObject().put("items", 1)));
      assertThat(done.getInteger("attempt")).isEqualTo(1);
      JsonArray log = jobs.logLines(created.getString("job_id"));
      assertThat(log).hasSize(1);
      assertThat(log.getJsonObject(0).getString("message")).isEqualTo("echoing");
      HttpResponse<String> history = s.call("GET", "/v1/jobs/" + created.getString("job_id"), null);
      assertThat(history.headers().firstValue("ETag")).hasValue("\"" + done.getLong("version") + "\"");
    }
  }

  @Test
  void aFailingExecutorFailsItsJob() throws Exception {
    try (RunningServer s = start(testTypes())) {
      JobHttp jobs = new JobHttp(s);
      String id = jobs.create("core.test_boom", new JsonObject().put("error", "disk full")).getString("job_id");

      JsonObject failed = jobs.awaitStatus(id, "failed");

      assertThat(failed.getString("error")).isEqualTo("disk full");
      assertThat(jobs.logLines(id).getJsonObject(0).getString("level")).isEqualTo("warn");
    }
  }

  @Test
  void cancelingARunningCoreJobReachesItsExecutor() throws Exception {
    try (RunningServer s = start(testTypes())) {
      JobHttp jobs = new JobHttp(s);
      String id = jobs.create("core.test_until_canceled", new JsonObject()).getString("job_id");
      jobs.await(id, j -> j.getInteger("log_count") == 1, java.time.Duration.ofSeconds(10));
      assertThat(jobs.job(id).getString("runner_id")).isEqualTo("core");

      assertThat(jobs.cancel(id).statusCode()).isEqualTo(200);

      assertThat(jobs.awaitStatus(id, "canceled").getValue("error")).isNull();
    }
  }

  @Test
  void jobsSurviveARestart() throws Exception {
    String queued;
    String leased;
    String resumable;
    String fragile;
    JsonObject leasedBefore;
    JobSettings first = JobSettings.DEFAULTS.withExecutor("core.test_resumable", new TestExecutors.Forever(true))
        .withExecutor("core.test_fragile", new TestExecutors.Forever(false));
    try (RunningServer s = start(first)) {
      JobHttp jobs = new JobHttp(s);
      jobs.claim("r1", 600, "demo.render");
      leased = jobs.create("demo.render", new JsonObject()).getString("job_id");
      assertThat(jobs.claim("r1", 600, "demo.render").getString("job_id")).isEqualTo(leased);
      queued = jobs.create("demo.render", new JsonObject()).getString("job_id");
      resumable = jobs.create("core.test_resumable", new JsonObject()).getString("job_id");
      fragile = jobs.create("core.test_fragile", new JsonObject()).getString("job_id");
      jobs.await(resumable, j -> j.getInteger("log_count") == 1, java.time.Duration.ofSeconds(10));
      jobs.await(fragile, j -> j.getInteger("log_count") == 1, java.time.Duration.ofSeconds(10));
      leasedBefore = jobs.job(leased);
    }

    JobSettings second = JobSettings.DEFAULTS.withExecutor("core.test_resumable", new TestExecutors.Echo())
        .withExecutor("core.test_fragile", new TestExecutors.Forever(false));
    try (RunningServer s = start(second)) {
      JobHttp jobs = new JobHttp(s);
      JsonObject resumed = jobs.awaitStatus(resumable, "succeeded");
      JsonArray resumedLog = jobs.logLines(resumable);
      assertThat(resumedLog.stream().map(l -> ((JsonObject) l).getString("message")).toList()).containsExactly(
          "started", "Core restarted while the job was running; resuming it", "echoing (resumed)");
      assertThat(resumed.getInteger("attempt")).isEqualTo(1);

      JsonObject failed = jobs.job(fragile);
      assertThat(failed.getString("status")).isEqualTo("failed");
      String why = "Core restarted while the job was running and it cannot resume: the executor of core.test_fragile"
          + " cannot resume a job";
      assertThat(failed.getString("error")).isEqualTo(why);
      JsonObject lastLine = jobs.logLines(fragile).getJsonObject(1);
      assertThat(lastLine.getString("level")).isEqualTo("error");
      assertThat(lastLine.getString("message")).isEqualTo(why);

      assertThat(jobs.job(queued).getString("status")).isEqualTo("queued");
      assertThat(jobs.job(leased)).isEqualTo(leasedBefore);
      assertThat(jobs.heartbeat(leased, "r1", 60).statusCode()).isEqualTo(200);
      assertThat(s.json(s.call("GET", "/v1/jobs?status=running", null)).getLong("total")).isEqualTo(1);
    }
  }
}
