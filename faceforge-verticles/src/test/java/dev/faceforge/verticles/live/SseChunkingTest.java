package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a drain finds goes out as one HTTP chunk: a burst committed at once reaches a subscriber in a few chunks
 * rather than one per event, each chunk made of whole frames, the events in position order; with a filter or
 * across batches too.
 */
class SseChunkingTest {
  private static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");
  private static final Pattern TYPE = Pattern.compile("(?m)^event: (.+)$");

  @TempDir
  Path home;

  @Test
  void aBurstArrivesInFewChunksOfWholeFramesInOrder() throws Exception {
    try (RunningServer s = RunningServer.start(home); Socket socket = stream(s, "")) {
      InputStream in = socket.getInputStream();
      Poll.until(Duration.ofSeconds(10), () -> "the subscription", () -> s.server.live().subscriberCount() == 1);

      Api.bulkCreate(s, "burst-", 300); // one transaction: one batch of 300 events for the hub

      Received r = receive(in, 300);
      assertThat(r.ids).containsExactlyElementsOf(SseStreamTest.range(1, 300));
      assertThat(r.chunks).isLessThan(30); // ~600-byte frames in chunks of up to 32 KiB: about 6
    }
  }

  /**
   * Frames that do not lie one after the other in one batch (a filter skips some, a page spans batches) are
   * copied into one chunk: still whole frames, in order, only the matching ones.
   */
  @Test
  void filteredFramesAndFramesOfSeveralBatchesAreJoinedWholeAndInOrder() throws Exception {
    try (RunningServer s = RunningServer.start(home)) {
      Api.bulkCreate(s, "a-", 20); // positions 1..20, entity.created
      mixedBatch(s); // 21..60: updates of a-0..a-19 interleaved with 20 creates, in one transaction
      Api.bulkCreate(s, "c-", 20); // 61..80
      try (Socket creates = stream(s, "?after=0&types=entity.created"); Socket all = stream(s, "?after=0")) {
        Received c = receive(creates.getInputStream(), 60);
        List<Long> expected = new ArrayList<>(SseStreamTest.range(1, 20));
        for (long p = 22; p <= 60; p += 2) {
          expected.add(p);
        }
        expected.addAll(SseStreamTest.range(61, 80));
        assertThat(c.ids).containsExactlyElementsOf(expected);
        assertThat(c.types).containsOnly("faceforge.entity.created");
        Received a = receive(all.getInputStream(), 80);
        assertThat(a.ids).containsExactlyElementsOf(SseStreamTest.range(1, 80));
      }
    }
  }

  private static void mixedBatch(RunningServer s) throws Exception {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 20; i++) {
      items.add(new JsonObject().put("display_name", "a-renamed-" + i)
          .put("external_ids", new JsonObject().put("test", "a-" + i)));
      items.add(new JsonObject().put("display_name", "b-" + i)
          .put("external_ids", new JsonObject().put("test", "b-" + i)));
    }
    var r = s.call("POST", "/v1/entities/bulk-upsert", new JsonObject().put("items", items)
        .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(s.json(r).getInteger("updated")).isEqualTo(20);
    assertThat(s.json(r).getInteger("created")).isEqualTo(20);
  }

  private record Received(List<Long> ids, List<String> types, int chunks) {
  }

  /** Reads chunks until {@code events} frames arrived, checking each chunk holds whole frames only. */
  private static Received receive(InputStream in, int events) throws IOException {
    List<Long> ids = new ArrayList<>();
    List<String> types = new ArrayList<>();
    int chunks = 0;
    while (ids.size() < events) {
      String chunk = chunk(in);
      chunks++;
      assertThat(chunk).startsWith("id: ").endsWith("\n\n");
      Matcher m = ID.matcher(chunk);
      while (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
      Matcher t = TYPE.matcher(chunk);
      while (t.find()) {
        types.add(t.group(1));
      }
      assertThat(chunk.split("\n\n", -1)).hasSize((int) ID.matcher(chunk).results().count() + 1); // whole frames
    }
    return new Received(ids, types, chunks);
  }

  /** A raw stream: request sent, response head and the {@code retry:} chunk read. */
  private static Socket stream(RunningServer s, String query) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", s.server.actualPort()));
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("GET /v1/events/stream" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: Bearer " + RunningServer.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    assertThat(line(in)).isEqualTo("HTTP/1.1 200 OK");
    while (!line(in).isEmpty()) {
      // headers
    }
    assertThat(chunk(in)).isEqualTo("retry: 3000\n: connected\n\n");
    return socket;
  }

  /** One line of the response head, without its CR LF. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      assertThat(b).as("the connection closed").isNotNegative();
      out.write(b);
    }
    String l = out.toString(StandardCharsets.US_ASCII);
    return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
  }

  /** One chunk of the chunked body (RFC 9112 section 7.1), decoded as UTF-8. */
  private static String chunk(InputStream in) throws IOException {
    int size = Integer.parseInt(line(in), 16);
    byte[] data = in.readNBytes(size);
    assertThat(data).hasSize(size);
    assertThat(line(in)).isEmpty();
    return new String(data, StandardCharsets.UTF_8);
  }
}
