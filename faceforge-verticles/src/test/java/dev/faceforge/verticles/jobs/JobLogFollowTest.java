package dev.faceforge.verticles.jobs;

import static dev.faceforge.verticles.jobs.JobHttp.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogFollowTest {
  private static final String END = "<end of stream>";

  @TempDir
  Path home;
  RunningServer s;
  JobHttp jobs;
  String id;
  private final HttpClient http = HttpClient.newHttpClient();
  private int heartbeats;

  @BeforeEach
  void start() throws Exception {
    s = RunningServer.start(RunningServer.settings(home).withJobs(JobSettings.DEFAULTS
        .withSseHeartbeat(Duration.ofMillis(200))));
    jobs = new JobHttp(s);
    jobs.claim("r1", 30, "demo.render");
    id = jobs.create("demo.render", new JsonObject()).getString("job_id");
    jobs.claim("r1", 30, "demo.render");
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  @Test
  void theLogIsPagedBySeq() throws Exception {
    for (int i = 1; i <= 5; i++) {
      jobs.log(id, "r1", line("info", "line " + i));
    }

    JsonObject first = s.json(s.call("GET", "/v1/jobs/" + id + "/log?limit=2", null));
    assertThat(messages(first)).containsExactly("line 1", "line 2");
    assertThat(first.getLong("total")).isEqualTo(5);
    assertThat(first.getString("next_cursor")).isEqualTo("2");
    JsonObject last = s.json(s.call("GET", "/v1/jobs/" + id + "/log?limit=2&cursor=4", null));
    assertThat(messages(last)).containsExactly("line 5");
    assertThat(last.getValue("next_cursor")).isNull();
    assertThat(s.call("GET", "/v1/jobs/" + id + "/log?cursor=x", null).statusCode()).isEqualTo(400);
    assertThat(s.call("GET", "/v1/jobs/" + "0".repeat(64) + "/log", null).statusCode()).isEqualTo(404);
  }

  @Test
  void followingStreamsLinesAsTheyAreAppendedAndEndsWithTheJob() throws Exception {
    jobs.log(id, "r1", line("info", "before"));
    BlockingQueue<String> sse = follow("/v1/jobs/" + id + "/log?follow=true");

    assertThat(event(sse)).containsExactly(": following the log of job " + id);
    assertThat(event(sse)).containsExactly("id: 1", "data: " + lineJson(1));
    jobs.log(id, "r1", line("warn", "multi\nline\r\nmessage"), line("info", "third"));
    assertThat(event(sse)).containsExactly("id: 2", "data: " + lineJson(2));
    assertThat(event(sse)).containsExactly("id: 3", "data: " + lineJson(3));
    assertThat(lineJson(2)).contains("multi\\nline\\r\\nmessage");
    Thread.sleep(500);

    jobs.complete(id, "r1", new JsonObject());

    assertThat(event(sse)).containsExactly("event: end",
        "data: {\"job_id\":\"" + id + "\",\"status\":\"succeeded\"}");
    assertThat(heartbeats).isPositive();
    assertThat(next(sse)).isEqualTo(END);
  }

  @Test
  void aFollowerResumesAfterLastEventIdAndIsToldToStopOnceAllIsSeen() throws Exception {
    jobs.log(id, "r1", line("info", "one"), line("info", "two"), line("info", "three"));
    jobs.fail(id, "r1", "gave up");

    BlockingQueue<String> sse = follow("/v1/jobs/" + id + "/log?follow=true", "Last-Event-ID", "2");
    List<String> rest = drain(sse);
    assertThat(rest).containsSubsequence("id: 3", "data: " + lineJson(3), "event: end",
        "data: {\"job_id\":\"" + id + "\",\"status\":\"failed\"}", END);
    assertThat(rest).doesNotContain("id: 1", "id: 2");

    HttpResponse<String> done = http.send(request("/v1/jobs/" + id + "/log?follow=true", "Last-Event-ID", "3"),
        HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).isEqualTo(204);
    HttpResponse<String> fresh = http.send(request("/v1/jobs/" + id + "/log?follow=true"),
        HttpResponse.BodyHandlers.ofString());
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
    assertThat(fresh.body()).contains("id: 1\n", "id: 3\n", "event: end\n");
  }

  private String lineJson(long seq) throws Exception {
    return jobs.logLines(id).getJsonObject((int) seq - 1).encode();
  }

  private BlockingQueue<String> follow(String path, String... headers) throws Exception {
    HttpResponse<Stream<String>> r = http.send(request(path, headers), HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      r.body().forEach(lines::add);
      lines.add(END);
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private HttpRequest request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base() + path))
        .header("Authorization", "Bearer " + RunningServer.TOKEN);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  /** The lines of the next event (up to its blank line), counting and skipping heartbeat comments. */
  private List<String> event(BlockingQueue<String> sse) throws Exception {
    List<String> out = new ArrayList<>();
    while (out.isEmpty()) {
      for (String l = next(sse); !l.isEmpty(); l = next(sse)) {
        out.add(l);
      }
      if (out.equals(List.of(": heartbeat"))) {
        heartbeats++;
        out.clear();
      }
    }
    return out;
  }

  private static String next(BlockingQueue<String> sse) throws Exception {
    String l = sse.poll(10, TimeUnit.SECONDS);
    assertThat(l).as("a line within 10 s").isNotNull();
    return l;
  }

  private static List<String> drain(BlockingQueue<String> sse) throws Exception {
    List<String> out = new ArrayList<>();
    String l;
    do {
      l = next(sse);
      out.add(l);
    } while (!l.equals(END));
    return out;
  }

  private static List<String> messages(JsonObject page) {
    return page.getJsonArray("items").stream().map(l -> ((JsonObject) l).getString("message")).toList();
  }
}
