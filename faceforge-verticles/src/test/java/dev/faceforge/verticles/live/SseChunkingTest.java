package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
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
 * rather than one per event, each chunk made of whole frames, the events in position order.
 */
class SseChunkingTest {
  private static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");

  @TempDir
  Path home;

  @Test
  void aBurstArrivesInFewChunksOfWholeFramesInOrder() throws Exception {
    try (RunningServer s = RunningServer.start(home); Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", s.server.actualPort()));
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + RunningServer.TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(line(in)).isEqualTo("HTTP/1.1 200 OK");
      while (!line(in).isEmpty()) {
        // headers
      }
      assertThat(chunk(in)).isEqualTo("retry: 3000\n: connected\n\n");
      Poll.until(Duration.ofSeconds(10), () -> "the subscription", () -> s.server.live().subscriberCount() == 1);

      Api.bulkCreate(s, "burst-", 300); // one transaction: one batch of 300 events for the hub

      List<Long> ids = new ArrayList<>();
      int chunks = 0;
      while (ids.size() < 300) {
        String chunk = chunk(in);
        chunks++;
        assertThat(chunk).startsWith("id: ").endsWith("\n\n");
        Matcher m = ID.matcher(chunk);
        while (m.find()) {
          ids.add(Long.parseLong(m.group(1)));
        }
        assertThat(chunk.split("\n\n", -1)).hasSize((int) ID.matcher(chunk).results().count() + 1); // whole frames
      }
      assertThat(ids).containsExactlyElementsOf(SseStreamTest.range(1, 300));
      assertThat(chunks).isLessThan(30); // ~600-byte frames in chunks of up to 32 KiB: about 6
    }
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
