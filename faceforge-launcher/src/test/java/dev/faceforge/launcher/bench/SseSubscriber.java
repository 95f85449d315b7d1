package dev.faceforge.launcher.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * One client of {@code GET /v1/events/stream}, as a browser's EventSource behaves: it starts after a given
 * position and, when the server closes the stream (the slow-client rule), reconnects at once with
 * {@code Last-Event-ID}. For each event it records the SSE {@code id}, the send-to-receipt lag (receipt time
 * minus the {@code bench_sent} stamp {@link PacedWriter} put in the entity's fields, both
 * {@link System#nanoTime()} of this JVM) and the event-time-to-receipt lag (wall clock minus the CloudEvent
 * {@code time}, which the single writer stamps when it appends). All state is touched on the client's event
 * loop until {@code done} counts down; the receipt time of a frame is when its bytes reached the client.
 */
final class SseSubscriber {
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TIME = "\"time\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQUENCE = "\"sequence\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SENT = ("\"" + PacedWriter.STAMP_FIELD + "\":").getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_RECONNECTS = 20;

  final long[] ids;
  final long[] lags;
  final long[] eventTimeLags;
  int count;
  int reconnects;
  long lastReceiptNanos;
  volatile String error;

  private final HttpClientAgent client;
  private final RequestOptions request;
  private final long after;
  private final CountDownLatch ready;
  private final CountDownLatch done;
  private final EventTimes times = new EventTimes();
  private int connection;
  private boolean connected;
  private boolean finished;

  SseSubscriber(HttpClientAgent client, int port, String token, long after, int expected, CountDownLatch ready,
                CountDownLatch done) {
    this.client = client;
    this.request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI("/v1/events/stream?after=" + after).putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
    this.after = after;
    this.ids = new long[expected];
    this.lags = new long[expected];
    this.eventTimeLags = new long[expected];
    this.ready = ready;
    this.done = done;
  }

  /** Opens the stream (again, after a close: from the last id received, as {@code Last-Event-ID}). */
  void connect() {
    int mine = ++connection;
    RequestOptions o = new RequestOptions(request);
    if (count > 0 || mine > 1) {
      o.putHeader("Last-Event-ID", Long.toString(count > 0 ? ids[count - 1] : after));
    }
    client.request(o).compose(req -> req.send()).onComplete(ar -> {
      if (ar.failed()) {
        fail("connect: " + ar.cause());
      } else if (ar.result().statusCode() != 200) {
        fail("GET " + o.getURI() + " answered " + ar.result().statusCode());
      } else {
        listen(ar.result(), mine);
      }
    });
  }

  private void listen(HttpClientResponse response, int mine) {
    SseFrames frames = new SseFrames(); // a partial frame never continues on another connection
    response.handler(b -> {
      if (mine == connection) {
        onData(b, frames);
      }
    });
    response.exceptionHandler(e -> closed(mine, e.toString()));
    response.endHandler(v -> closed(mine, "the server ended the response"));
  }

  /** The server closed the stream: a browser reconnects with Last-Event-ID, and so does this client. */
  private void closed(int which, String why) {
    if (finished || which != connection) {
      return;
    }
    if (++reconnects > MAX_RECONNECTS) {
      fail("closed " + reconnects + " times, last: " + why);
      return;
    }
    connect();
  }

  private void fail(String why) {
    if (!finished) {
      finished = true;
      error = why;
      if (!connected) {
        ready.countDown();
      }
      done.countDown();
    }
  }

  private void onData(Buffer b, SseFrames frames) {
    long receipt = System.nanoTime();
    Instant wall = Instant.now();
    long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    frames.append(b, (buf, from, to) -> onFrame(buf, from, to, receipt, wallNanos));
    if (!finished && count == ids.length) {
      finished = true;
      lastReceiptNanos = receipt;
      done.countDown();
    }
  }

  private void onFrame(byte[] buf, int from, int to, long receipt, long wallNanos) {
    if (!connected) {
      connected = true; // the server's "retry:" and ": connected" frame
      ready.countDown();
    }
    if (!SseFrames.startsWith(buf, from, to, ID)) {
      return; // retry, comment, heartbeat
    }
    long id = SseFrames.number(buf, from + ID.length, to);
    int t = SseFrames.indexOf(buf, from, to, TIME);
    int s = SseFrames.indexOf(buf, Math.max(from, t), to, SEQUENCE);
    int sent = SseFrames.lastIndexOf(buf, Math.max(from, s), to, SENT); // near the end: external_ids follow
    if (t < 0 || s < 0 || sent < 0 || SseFrames.number(buf, s + SEQUENCE.length, to) != id) {
      fail("an event that is not the writer's or whose sequence is not its id " + id + ": "
          + new String(buf, from, Math.min(to - from, 2000), StandardCharsets.UTF_8));
      return;
    }
    if (count == ids.length) {
      error = "more events than the " + ids.length + " written (id " + id + ")";
      return;
    }
    ids[count] = id;
    lags[count] = receipt - (PacedWriter.ORIGIN + SseFrames.number(buf, sent + SENT.length, to));
    eventTimeLags[count] = wallNanos - times.epochMillis(buf, t + TIME.length) * 1_000_000L;
    count++;
  }

  /** Where the subscriber stands (for a failure message). */
  String describe() {
    return "received " + count + " of " + ids.length + " events (last id " + (count > 0 ? ids[count - 1] : after)
        + "), " + reconnects + " reconnects" + (error != null ? ", " + error : "");
  }
}
