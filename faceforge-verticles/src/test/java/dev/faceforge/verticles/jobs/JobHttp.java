package dev.faceforge.verticles.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Job calls over real HTTP, for clients and runners, reading top to bottom in tests. */
final class JobHttp {
  final RunningServer s;

  JobHttp(RunningServer s) {
    this.s = s;
  }

  HttpResponse<String> post(String path, JsonObject body) throws Exception {
    return s.call("POST", path, body == null ? null : body.encode());
  }

  /** Creates a job and asserts 201. */
  JsonObject create(String type, JsonObject input) throws Exception {
    HttpResponse<String> r = post("/v1/jobs", new JsonObject().put("type", type).put("input", input));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return s.json(r);
  }

  JsonObject job(String jobId) throws Exception {
    HttpResponse<String> r = s.call("GET", "/v1/jobs/" + jobId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return s.json(r);
  }

  /** The claimed job, or null on 204. */
  JsonObject claim(String runnerId, int leaseSeconds, String... types) throws Exception {
    HttpResponse<String> r = post("/v1/jobs/claim", new JsonObject().put("runner_id", runnerId)
        .put("types", new JsonArray(java.util.List.of((Object[]) types))).put("lease_seconds", leaseSeconds));
    assertThat(r.statusCode()).as(r.body()).isIn(200, 204);
    return r.statusCode() == 204 ? null : s.json(r);
  }

  HttpResponse<String> heartbeat(String jobId, String runnerId, int leaseSeconds) throws Exception {
    return post("/v1/jobs/" + jobId + "/heartbeat", runner(runnerId).put("lease_seconds", leaseSeconds));
  }

  HttpResponse<String> log(String jobId, String runnerId, JsonObject... lines) throws Exception {
    return post("/v1/jobs/" + jobId + "/log", runner(runnerId).put("lines", new JsonArray(java.util.List.of(
        (Object[]) lines))));
  }

  HttpResponse<String> progress(String jobId, String runnerId, JsonObject progress) throws Exception {
    return post("/v1/jobs/" + jobId + "/progress", progress.copy().put("runner_id", runnerId));
  }

  HttpResponse<String> complete(String jobId, String runnerId, JsonObject result) throws Exception {
    return post("/v1/jobs/" + jobId + "/complete", runner(runnerId).put("result", result));
  }

  HttpResponse<String> fail(String jobId, String runnerId, String error) throws Exception {
    return post("/v1/jobs/" + jobId + "/fail", runner(runnerId).put("error", error));
  }

  HttpResponse<String> cancel(String jobId) throws Exception {
    return s.call("POST", "/v1/jobs/" + jobId + "/cancel", null);
  }

  HttpResponse<String> acknowledgeCancel(String jobId, String runnerId) throws Exception {
    return post("/v1/jobs/" + jobId + "/canceled", runner(runnerId));
  }

  /** The whole log as one page. */
  JsonArray logLines(String jobId) throws Exception {
    HttpResponse<String> r = s.call("GET", "/v1/jobs/" + jobId + "/log?limit=1000", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return s.json(r).getJsonArray("items");
  }

  /** Polls the job until {@code until} holds (or fails after {@code timeout}). */
  JsonObject await(String jobId, Predicate<JsonObject> until, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject job = job(jobId);
    while (!until.test(job)) {
      assertThat(System.nanoTime()).as("job %s never got there: %s", jobId, job).isLessThan(deadline);
      Thread.sleep(25);
      job = job(jobId);
    }
    return job;
  }

  JsonObject awaitStatus(String jobId, String status) throws Exception {
    return await(jobId, j -> j.getString("status").equals(status), Duration.ofSeconds(10));
  }

  static JsonObject line(String level, String message) {
    return new JsonObject().put("level", level).put("message", message);
  }

  static JsonObject runner(String runnerId) {
    return new JsonObject().put("runner_id", runnerId);
  }
}
