package dev.faceforge.verticles.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLeaseAndCancelTest {
  @TempDir
  Path home;
  RunningServer s;
  JobHttp jobs;

  @BeforeEach
  void start() throws Exception {
    s = RunningServer.start(RunningServer.settings(home).withJobs(JobSettings.DEFAULTS
        .withSweepInterval(Duration.ofMillis(100))));
    jobs = new JobHttp(s);
    assertThat(jobs.claim("r1", 30, "demo.render")).isNull();
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  @Test
  void anExpiredLeasePutsTheJobBackInTheQueueWithALogLine() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    JsonObject claimed = jobs.claim("r1", 1, "demo.render");
    String leaseUntil = claimed.getString("lease_until");

    JsonObject requeued = jobs.awaitStatus(id, "queued");

    assertThat(requeued.getValue("runner_id")).isNull();
    assertThat(requeued.getValue("lease_until")).isNull();
    JsonArray log = jobs.logLines(id);
    assertThat(log).hasSize(1);
    assertThat(log.getJsonObject(0).getString("level")).isEqualTo("warn");
    assertThat(log.getJsonObject(0).getString("message"))
        .isEqualTo("the lease of runner r1 ran out at " + leaseUntil + "; the job is back in the queue");
    assertThat(log.getJsonObject(0).getJsonObject("data"))
        .isEqualTo(new JsonObject().put("runner_id", "r1").put("lease_until", leaseUntil));
    HttpResponse<String> late = jobs.heartbeat(id, "r1", 30);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(s.json(late).getString("detail")).contains("is queued, not running");

    JsonObject again = jobs.claim("r2", 30, "demo.render");
    assertThat(again.getString("job_id")).isEqualTo(id);
    assertThat(again.getInteger("attempt")).isEqualTo(2);
    assertThat(jobs.complete(id, "r2", new JsonObject()).statusCode()).isEqualTo(200);
  }

  @Test
  void heartbeatsKeepTheLease() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("r1", 1, "demo.render");

    for (int i = 0; i < 6; i++) {
      Thread.sleep(300);
      assertThat(jobs.heartbeat(id, "r1", 2).statusCode()).isEqualTo(200);
    }

    assertThat(jobs.job(id).getString("status")).isEqualTo("running");
    assertThat(jobs.logLines(id)).isEmpty();
  }

  @Test
  void cancelingAQueuedJobCancelsItAtOnce() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");

    HttpResponse<String> r = s.call("POST", "/v1/jobs/" + id + "/cancel", "{\"reason\": \"not needed\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(s.json(r).getString("status")).isEqualTo("canceled");
    assertThat(s.json(r).getString("cancel_reason")).isEqualTo("not needed");
    assertThat(jobs.claim("r1", 30, "demo.render")).isNull();
    HttpResponse<String> again = jobs.cancel(id);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(s.json(again).getString("detail")).isEqualTo("job " + id + " already canceled");
  }

  @Test
  void aRunningJobLearnsOfTheCancelAtItsNextHeartbeatAndAcknowledges() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("r1", 30, "demo.render");
    assertThat(jobs.acknowledgeCancel(id, "r1").statusCode()).isEqualTo(409);

    HttpResponse<String> requested = jobs.cancel(id);
    assertThat(requested.statusCode()).isEqualTo(200);
    assertThat(s.json(requested).getString("status")).isEqualTo("running");
    assertThat(s.json(requested).getBoolean("cancel_requested")).isTrue();
    long version = s.json(requested).getLong("version");
    assertThat(s.json(jobs.cancel(id)).getLong("version")).isEqualTo(version);

    HttpResponse<String> hb = jobs.heartbeat(id, "r1", 30);
    assertThat(s.json(hb).getBoolean("cancel_requested")).isTrue();
    HttpResponse<String> acknowledged = jobs.acknowledgeCancel(id, "r1");

    assertThat(acknowledged.statusCode()).isEqualTo(200);
    assertThat(s.json(acknowledged).getString("status")).isEqualTo("canceled");
    assertThat(s.json(acknowledged).getString("finished_at")).isNotNull();
  }

  @Test
  void aRunnerMayStillFinishAJobWhoseCancelWasRequested() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("r1", 30, "demo.render");
    jobs.cancel(id);

    HttpResponse<String> done = jobs.complete(id, "r1", new JsonObject().put("frames", 1));

    assertThat(s.json(done).getString("status")).isEqualTo("succeeded");
  }

  @Test
  void aLeaseThatRunsOutAfterACancelRequestCancelsTheJob() throws Exception {
    String id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("r1", 1, "demo.render");
    jobs.cancel(id);

    JsonObject canceled = jobs.awaitStatus(id, "canceled");

    assertThat(canceled.getValue("runner_id")).isNull();
    assertThat(jobs.logLines(id).getJsonObject(0).getString("message")).endsWith("after a cancel request; the job is"
        + " canceled");
    assertThat(jobs.claim("r1", 30, "demo.render")).isNull();
  }
}
