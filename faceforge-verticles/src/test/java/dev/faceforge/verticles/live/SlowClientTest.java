package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading is disconnected instead of being buffered: its inbox never holds more than the
 * configured limit, the server unregisters it, and the client resumes from the last id it did receive.
 */
class SlowClientTest {
  private static final int INBOX_LIMIT = 5;
  private static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");

  @TempDir
  Path home;

  @Test
  void aLiveClientThatStopsReadingIsDisconnectedWhenItsInboxOverflows() throws Exception {
    LiveOptions options = LiveOptions.defaults().withBuffers(INBOX_LIMIT, 16 * 1024); // 15 s heartbeat: no stall rule
    try (RunningServer s = RunningServer.start(home, options); Socket stuck = stuckClient(s, "")) {
      Poll.until(Duration.ofSeconds(10), () -> "the subscription", () -> s.server.live().subscriberCount() == 1);
      int created = 0;
      while (s.server.live().slowDisconnects() == 0 && created < 300) {
        createBigEntity(s, created++);
      }
      assertThat(s.server.live().slowDisconnects()).isEqualTo(1);
      assertThat(s.server.live().inboxHighWater()).isLessThanOrEqualTo(INBOX_LIMIT);
      Poll.until(Duration.ofSeconds(10), () -> "the unsubscription", () -> s.server.live().subscriberCount() == 0);

      long lastReceived = lastIdUntilClosed(stuck);
      long end = s.server.store().lastPosition();
      assertThat(lastReceived).isLessThan(end);
      resumesWithTheRest(s, lastReceived, end);
    }
  }

  @Test
  void aClientStuckDuringCatchUpIsDisconnectedAfterTwoHeartbeatsWithoutProgress() throws Exception {
    LiveOptions options = LiveOptions.defaults().withHeartbeat(Duration.ofMillis(200)).withBuffers(INBOX_LIMIT,
        16 * 1024);
    try (RunningServer s = RunningServer.start(home, options)) {
      for (int i = 0; i < 20; i++) {
        createBigEntity(s, i); // ~8 MB of history: more than the socket buffers hold
      }
      try (Socket stuck = stuckClient(s, "?after=0")) {
        Poll.until(Duration.ofSeconds(20), () -> "the slow disconnect", () -> s.server.live().slowDisconnects() == 1);
        Poll.until(Duration.ofSeconds(10), () -> "the unsubscription", () -> s.server.live().subscriberCount() == 0);
        long lastReceived = lastIdUntilClosed(stuck);
        assertThat(lastReceived).isLessThan(20);
        resumesWithTheRest(s, lastReceived, 20);
      }
    }
  }

  /** Sends the request and then never reads; a tiny receive window makes the server's writes back up fast. */
  private static Socket stuckClient(RunningServer s, String query) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", s.server.actualPort()));
    socket.getOutputStream().write(("GET /v1/events/stream" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + RunningServer.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** About 400 KB of event data: 1000 aliases of 400 characters. */
  private static void createBigEntity(RunningServer s, int n) throws Exception {
    JsonArray aliases = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      aliases.add(("a" + n + "-" + i + "-").repeat(100).substring(0, 400));
    }
    var r = s.call("POST", "/v1/entities", new JsonObject().put("display_name", "big" + n).put("aliases", aliases)
        .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** Reads what the server had sent before closing; returns the last complete event's id (0 if none). */
  private static long lastIdUntilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[64 * 1024];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) { // ends only because the server closed
      all.write(buf, 0, n);
    }
    String text = all.toString(StandardCharsets.UTF_8);
    long last = 0;
    Matcher m = ID.matcher(text);
    while (m.find()) {
      // an id line counts only if its event was complete (followed by the blank line)
      int endOfEvent = text.indexOf("\n\n", m.end());
      if (endOfEvent >= 0 && text.lastIndexOf("\nid: ", endOfEvent) < m.start() + 1) {
        last = Long.parseLong(m.group(1));
      }
    }
    return last;
  }

  private static void resumesWithTheRest(RunningServer s, long lastReceived, long end) {
    HttpClient http = s.vertx.createHttpClient();
    SseClient resumed = SseClient.open(s.vertx, http, s.server.actualPort(), "/v1/events/stream", "Last-Event-ID",
        "" + lastReceived);
    Poll.until(Duration.ofSeconds(30), () -> "the rest of the log", () -> resumed.lastId() == end);
    assertThat(resumed.ids()).containsExactlyElementsOf(SseStreamTest.range(lastReceived + 1, end));
  }
}
