package dev.faceforge.examples.wordcount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FaceForge plugin in the smallest useful form: an out-of-process runner of jobs of the type
 * {@value #TYPE}. It speaks only Core's HTTP API (the runner protocol of {@code /v1/jobs/claim} and
 * {@code /v1/jobs/{id}/heartbeat|log|progress|complete|fail|canceled}):
 *
 * <ol>
 *   <li>claim the next queued job of its type with a lease (a claim also tells Core the type is runnable, so
 *       clients may create such jobs from then on); nothing queued: wait and ask again;</li>
 *   <li>work in steps, and after each one send a heartbeat (which extends the lease and says whether the job was
 *       canceled), a progress report and log lines;</li>
 *   <li>finish with {@code complete} and a result, {@code fail} with an error, or {@code canceled} when asked.</li>
 * </ol>
 *
 * <p>The job's input is {@code {"text": "..."}} or an {@code input_asset_id} of a text asset (downloaded through
 * {@code /v1/assets/{id}/download}); the result counts words, lines and characters and names the most frequent
 * words. Run it with {@code --url http://127.0.0.1:43210 --home <FACEFORGE_HOME>} (the token is read from the
 * home's {@code config/core.json}) or {@code --token-file FILE}; {@code --once} stops after one job.
 */
public final class WordCountRunner {
  public static final String TYPE = "example.word_count";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
  /** Lines counted between two heartbeats. */
  private static final int STEP_LINES = 2_000;
  private static final int LEASE_SECONDS = 30;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String token;
  private final String runnerId;
  private final Duration idle;

  public WordCountRunner(URI base, String token, String runnerId, Duration idle) {
    this.base = base;
    this.token = token;
    this.runnerId = runnerId;
    this.idle = idle;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    URI url = URI.create(opts.getOrDefault("--url", "http://127.0.0.1:43210"));
    String token = opts.containsKey("--token-file")
        ? Files.readString(Path.of(opts.get("--token-file"))).strip()
        : tokenOfHome(Path.of(opts.getOrDefault("--home", System.getenv().getOrDefault("FACEFORGE_HOME", "."))));
    WordCountRunner runner = new WordCountRunner(url, token, opts.getOrDefault("--runner-id", "word-count-1"),
        Duration.ofSeconds(1));
    try {
      do {
        runner.runOne();
      } while (!opts.containsKey("--once"));
    } catch (java.net.ConnectException e) {
      System.err.println("word-count-runner: cannot reach FaceForge Core at " + url + " (is it running?)");
      System.exit(1);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--once")) {
        opts.put("--once", "");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException("usage: WordCountRunner [--url URL] [--home DIR | --token-file FILE]"
            + " [--runner-id ID] [--once]");
      }
    }
    return opts;
  }

  /** The install token in {@code home}/config/core.json. */
  static String tokenOfHome(Path home) throws IOException {
    return JSON.readTree(home.resolve("config").resolve("core.json").toFile()).path("auth").path("install_token")
        .asText();
  }

  /** Claims and works jobs until it has finished one (completed, failed or canceled); returns its id. */
  public String runOne() throws IOException, InterruptedException {
    while (true) {
      HttpResponse<String> claim = post("/v1/jobs/claim", JSON.createObjectNode().put("runner_id", runnerId)
          .put("lease_seconds", LEASE_SECONDS).set("types", JSON.createArrayNode().add(TYPE)));
      if (claim.statusCode() == 200) {
        JsonNode job = JSON.readTree(claim.body());
        work(job.get("job_id").asText(), job);
        return job.get("job_id").asText();
      }
      expect(claim, 204);
      Thread.sleep(idle.toMillis());
    }
  }

  private void work(String jobId, JsonNode job) throws IOException, InterruptedException {
    String text;
    try {
      text = input(job);
    } catch (IllegalArgumentException e) {
      expect(post("/v1/jobs/" + jobId + "/fail", runnerRef().put("error", e.getMessage())), 200);
      return;
    }
    String[] lines = text.split("\r\n|\r|\n", -1);
    log(jobId, "info", "counting words in " + lines.length + " lines", null);
    Map<String, Integer> counts = new HashMap<>();
    long words = 0;
    for (int from = 0; from < lines.length; from += STEP_LINES) {
      int to = Math.min(lines.length, from + STEP_LINES);
      for (int i = from; i < to; i++) {
        Matcher m = WORD.matcher(lines[i]);
        while (m.find()) {
          counts.merge(m.group().toLowerCase(Locale.ROOT), 1, Integer::sum);
          words++;
        }
      }
      JsonNode beat = JSON.readTree(expect(post("/v1/jobs/" + jobId + "/heartbeat",
          runnerRef().put("lease_seconds", LEASE_SECONDS)), 200).body());
      if (beat.path("cancel_requested").asBoolean()) {
        log(jobId, "warn", "canceled after " + to + " of " + lines.length + " lines", null);
        expect(post("/v1/jobs/" + jobId + "/canceled", runnerRef()), 200);
        return;
      }
      ObjectNode progress = runnerRef().put("percent", 100.0 * to / lines.length).put("step", "counting");
      progress.putObject("counters").put("lines", to).put("words", words);
      expect(post("/v1/jobs/" + jobId + "/progress", progress), 200);
    }
    ObjectNode result = JSON.createObjectNode().put("words", words).put("lines", lines.length)
        .put("characters", text.codePointCount(0, text.length())).put("distinct_words", counts.size());
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(5).forEach(e -> result.withArray("top").addObject().put("word", e.getKey()).put("count", e.getValue()));
    log(jobId, "info", "done", result);
    expect(post("/v1/jobs/" + jobId + "/complete", runnerRef().set("result", result)), 200);
  }

  /** The text to count: {@code input.text}, else the bytes of the input asset. */
  private String input(JsonNode job) throws IOException, InterruptedException {
    JsonNode text = job.path("input").path("text");
    if (text.isTextual()) {
      return text.asText();
    }
    JsonNode asset = job.path("input_asset_id");
    if (asset.isTextual()) {
      HttpResponse<String> download = http.send(request("/v1/assets/" + asset.asText() + "/download").GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return expect(download, 200).body();
    }
    throw new IllegalArgumentException("the job needs input.text (a string) or an input_asset_id");
  }

  private void log(String jobId, String level, String message, JsonNode data) throws IOException, InterruptedException {
    ObjectNode line = JSON.createObjectNode().put("level", level).put("message", message);
    if (data != null) {
      line.set("data", data);
    }
    ObjectNode body = runnerRef();
    body.putArray("lines").add(line);
    expect(post("/v1/jobs/" + jobId + "/log", body), 200);
  }

  private ObjectNode runnerRef() {
    return JSON.createObjectNode().put("runner_id", runnerId);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> post(String path, JsonNode body) throws IOException, InterruptedException {
    return http.send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
          + " answered " + response.statusCode() + ": " + response.body());
    }
    return response;
  }
}
