package dev.faceforge.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.ServerSettings;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.CoreConfigLoader;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example runner against a real Core on 127.0.0.1: the whole runner protocol, over HTTP only. */
@Timeout(120)
class WordCountRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path home;
  static Vertx vertx;
  static FaceForgeServer server;
  static URI base;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    Path configFile = HomeLayout.coreConfigFile(home);
    Files.createDirectories(configFile.getParent());
    Files.writeString(configFile, "{\"auth\": {\"install_token\": \"" + "ab".repeat(32) + "\"}}");
    CoreConfig config = CoreConfigLoader.load(configFile);
    vertx = Vertx.vertx();
    server = FaceForgeServer.start(vertx, new ServerSettings(HomeLayout.of(home, config.paths()).createDirectories(),
        config, "127.0.0.1", 0)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + server.actualPort());
    token = WordCountRunner.tokenOfHome(home);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void countsTheWordsOfAJobAndReportsProgressLogAndResult() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      text.append("the quick brown fox jumps over the lazy dog ").append(i % 3 == 0 ? "Fox" : "cat").append('\n');
    }
    CompletableFuture<String> worked = runOne("counter-a");

    String jobId = createJob("{\"type\": \"" + WordCountRunner.TYPE + "\", \"input\": {\"text\": "
        + JSON.writeValueAsString(text.toString()) + "}}");

    assertThat(worked.get(60, TimeUnit.SECONDS)).isEqualTo(jobId);
    JsonNode job = get("/v1/jobs/" + jobId);
    assertThat(job.path("status").asText()).isEqualTo("succeeded");
    JsonNode result = job.path("result");
    assertThat(result.path("words").asLong()).isEqualTo(5_000L * 10);
    assertThat(result.path("lines").asLong()).isEqualTo(5_001); // the text ends with a line break
    assertThat(result.path("top").get(0).path("word").asText()).isEqualTo("the");
    assertThat(result.path("top").get(0).path("count").asLong()).isEqualTo(10_000);
    assertThat(result.path("top").get(1).path("word").asText()).isEqualTo("fox"); // 5,000 + 1,667 "Fox"
    assertThat(job.path("progress").path("percent").asDouble()).isEqualTo(100.0);
    assertThat(job.path("progress").path("counters").path("words").asLong()).isEqualTo(50_000);
    JsonNode log = get("/v1/jobs/" + jobId + "/log").path("items");
    assertThat(log.findValuesAsText("message")).containsSubsequence("counting words in 5001 lines", "done");
  }

  @Test
  void readsALargeInputFromAnAsset() throws Exception {
    String boundary = "----ff" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndoc.text\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"poem.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nto be or not to be\nthat is the question\r\n--" + boundary + "--\r\n";
    HttpResponse<String> upload = HTTP.send(request("/v1/assets/upload")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
    String assetId = JSON.readTree(upload.body()).path("asset_id").asText();
    CompletableFuture<String> worked = runOne("counter-c");

    String jobId = createJob("{\"type\": \"" + WordCountRunner.TYPE + "\", \"input_asset_id\": \"" + assetId + "\"}");

    assertThat(worked.get(60, TimeUnit.SECONDS)).isEqualTo(jobId);
    JsonNode result = get("/v1/jobs/" + jobId).path("result");
    assertThat(result.path("words").asLong()).isEqualTo(10);
    assertThat(result.path("lines").asLong()).isEqualTo(2);
    assertThat(result.path("top").get(0).path("word").asText()).isEqualTo("be");
  }

  @Test
  void aJobWithoutTextFailsWithTheRunnersReason() throws Exception {
    CompletableFuture<String> worked = runOne("counter-b");

    String jobId = createJob("{\"type\": \"" + WordCountRunner.TYPE + "\", \"input\": {\"words\": 3}}");

    assertThat(worked.get(60, TimeUnit.SECONDS)).isEqualTo(jobId);
    JsonNode job = get("/v1/jobs/" + jobId);
    assertThat(job.path("status").asText()).isEqualTo("failed");
    assertThat(job.toString()).contains("the job needs input.text (a string) or an input_asset_id");
  }

  private static CompletableFuture<String> runOne(String runnerId) {
    WordCountRunner runner = new WordCountRunner(base, token, runnerId, Duration.ofMillis(50));
    return CompletableFuture.supplyAsync(() -> {
      try {
        return runner.runOne();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Creates the job once a runner's claim has made its type known (422 until then). */
  private static String createJob(String body) throws Exception {
    while (true) {
      HttpResponse<String> r = HTTP.send(request("/v1/jobs").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 201) {
        return JSON.readTree(r.body()).path("job_id").asText();
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      Thread.sleep(50);
    }
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
  }
}
