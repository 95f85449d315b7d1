package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SSE fan-out: {@link BenchConfig#subscribers()} clients on {@code GET /v1/events/stream} while a writer
 * creates entities with {@code POST /v1/entities/bulk-upsert} batches of 20 every 10 ms (2,000 events/s) for
 * 5 s. The lag of each delivery is its receive time (wall clock, µs) minus the event's CloudEvent {@code time}
 * (the time the server stamped the event, ms precision, same clock). Every subscriber must receive every event
 * of the round exactly once and in order (by {@code sequence}).
 */
final class EventFanOut {
  private static final int BATCH = 20;
  private static final long PERIOD_NANOS = 10_000_000L;
  private static final int SECONDS = 5;
  private static final byte[] SEQUENCE = "\"sequence\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TIME = "\"time\":\"".getBytes(StandardCharsets.US_ASCII);

  private final BenchConfig cfg;
  private final Report report;
  private int nextEntity;

  EventFanOut(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  void run(Path home) throws Exception {
    int subs = cfg.subscribers();
    int batches = SECONDS * 1_000_000_000 / (int) PERIOD_NANOS;
    int events = batches * BATCH;
    try (BenchServer server = BenchServer.start(home)) {
      Vertx sseVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Vertx writerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Api writer = new Api(writerVertx, server.port(), server.token(), 4);
      try {
        Set<Long> clientThreads = Set.of(new LoadDriver(sseVertx).thread().getId(),
            new LoadDriver(writerVertx).thread().getId());
        Measurement m = new Measurement("deliveries/s");
        long start = 0;
        CpuProfile cpu = null;
        List<Double> writerRates = new ArrayList<>();
        for (int round = 0; ; round++) {
          if (round == 1) {
            start = System.nanoTime();
            cpu = CpuProfile.start(clientThreads);
          }
          RoundResult r = round(server, sseVertx, writer, subs, batches, events);
          if (round > 0) {
            m.round((long) subs * events, r.nanos, r.lags);
            writerRates.add(r.writerRate);
            if (cfg.enough(m.rounds(), start)) {
              break;
            }
          }
        }
        String name = "SSE fan-out: " + subs + " subscribers, 2,000 events/s for " + SECONDS + " s, delivery lag";
        Row row = new Row(name, m, Target.maxP99Millis(100));
        report.add(row, cpu.stop(name, m.ops()));
        double[] w = writerRates.stream().mapToDouble(Double::doubleValue).toArray();
        report.note("SSE fan-out: the writer sent POST /v1/entities/bulk-upsert with " + BATCH + " new entities every "
            + PERIOD_NANOS / 1_000_000 + " ms (" + events + " events a round; achieved " + Stats.rate(Stats.min(w))
            + "–" + Stats.rate(Stats.max(w)) + " events/s); every subscriber received every event of each round "
            + "exactly once, in sequence order; p50/p99 are of receive time − the event's `time` over all "
            + subs + " × " + events + " deliveries of a round (`time` has ms precision: a lag is overstated by "
            + "< 1 ms); the rate is deliveries from the first write to the last delivery");
      } finally {
        writer.close();
        writerVertx.close().await();
        sseVertx.close().await();
      }
    }
  }

  private record RoundResult(long nanos, long[] lags, double writerRate) {
  }

  private RoundResult round(BenchServer server, Vertx sseVertx, Api writer, int subs, int batches, int events)
      throws Exception {
    HttpClientAgent client = sseVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setTcpNoDelay(true).setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(subs));
    try {
      CountDownLatch ready = new CountDownLatch(subs);
      CountDownLatch done = new CountDownLatch(subs);
      List<Subscriber> subscribers = new ArrayList<>();
      for (int s = 0; s < subs; s++) {
        Subscriber sub = new Subscriber(events, ready, done);
        subscribers.add(sub);
        sub.connect(client, server);
      }
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new BenchFailure(ready.getCount() + " of " + subs + " SSE subscribers did not connect in 60 s");
      }
      Thread.sleep(200);
      long base = server.logPosition();

      long t0 = System.nanoTime();
      List<Future<JsonObject>> answers = new ArrayList<>();
      for (int k = 0; k < batches; k++) {
        long due = t0 + k * PERIOD_NANOS;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        JsonArray items = new JsonArray();
        for (int i = 0; i < BATCH; i++) {
          items.add(People.bulkItem(nextEntity++));
        }
        answers.add(writer.json(HttpMethod.POST, "/v1/entities/bulk-upsert",
            new JsonObject().put("items", items).toBuffer(), 200));
      }
      for (Future<JsonObject> a : answers) {
        JsonObject r = a.await();
        if (r.getInteger("created") != BATCH || r.getInteger("failed") != 0) {
          throw new BenchFailure("bulk upsert of " + BATCH + " answered " + r.encode());
        }
      }
      double writerRate = events / ((System.nanoTime() - t0) / 1e9);
      long appended = server.logPosition() - base;
      if (appended != events) {
        throw new BenchFailure("the writer appended " + appended + " events, expected " + events);
      }
      if (!done.await(120, TimeUnit.SECONDS)) {
        long behind = subscribers.stream().filter(s -> s.count < events).count();
        throw new BenchFailure(behind + " of " + subs + " subscribers did not receive all " + events
            + " events within 120 s");
      }
      long last = 0;
      long[] lags = new long[subs * events];
      int at = 0;
      for (Subscriber s : subscribers) {
        if (s.error != null || s.extra != null) {
          throw new BenchFailure("SSE subscriber: " + (s.error != null ? s.error : s.extra));
        }
        for (int k = 0; k < events; k++) {
          if (s.seqs[k] != base + 1 + k) {
            throw new BenchFailure("a subscriber's event " + k + " had sequence " + s.seqs[k] + ", expected "
                + (base + 1 + k) + " (missing, duplicated or out of order)");
          }
        }
        System.arraycopy(s.lags, 0, lags, at, events);
        at += events;
        last = Math.max(last, s.lastNanoTime);
      }
      return new RoundResult(last - t0, lags, writerRate);
    } finally {
      client.close().await();
    }
  }

  /** One SSE connection; all its state is touched on the SSE client's event loop until {@code done}. */
  private static final class Subscriber {
    private static final Clock CLOCK = Clock.systemUTC();
    final long[] seqs;
    final long[] lags;
    private final CountDownLatch ready;
    private final CountDownLatch done;
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private boolean connected;
    int count;
    long lastNanoTime;
    volatile String error;
    volatile String extra;
    private boolean finished;
    private byte[] cachedPrefix = new byte[19];
    private long cachedSecond = Long.MIN_VALUE;

    Subscriber(int events, CountDownLatch ready, CountDownLatch done) {
      this.seqs = new long[events];
      this.lags = new long[events];
      this.ready = ready;
      this.done = done;
    }

    void connect(HttpClientAgent client, BenchServer server) {
      RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.port())
          .setURI("/v1/events/stream").putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + server.token())
          .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
      client.request(o).compose(req -> req.send()).onComplete(ar -> {
        if (ar.failed()) {
          fail("connect: " + ar.cause());
          return;
        }
        if (ar.result().statusCode() != 200) {
          fail("GET /v1/events/stream answered " + ar.result().statusCode());
          return;
        }
        ar.result().handler(this::onData);
        ar.result().exceptionHandler(e -> fail("stream: " + e));
        ar.result().endHandler(v -> fail("the server ended the stream after " + count + " events"));
      });
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

    private void onData(Buffer b) {
      Instant now = CLOCK.instant();
      long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      int n = b.length();
      if (len + n > buf.length) {
        byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
        System.arraycopy(buf, 0, bigger, 0, len);
        buf = bigger;
      }
      b.getBytes(0, n, buf, len);
      int from = 0;
      int scan = Math.max(0, len - 1);
      len += n;
      for (int i = scan; i + 1 < len; i++) {
        if (buf[i] == '\n' && buf[i + 1] == '\n') {
          onEvent(from, i, nowNanos);
          from = i + 2;
          i++;
        }
      }
      if (from > 0) {
        System.arraycopy(buf, from, buf, 0, len - from);
        len -= from;
      }
      if (!finished && count == seqs.length) {
        finished = true;
        lastNanoTime = System.nanoTime();
        done.countDown();
      }
    }

    private void onEvent(int from, int to, long nowNanos) {
      if (!connected) {
        connected = true;
        ready.countDown();
      }
      int s = indexOf(from, to, SEQUENCE);
      if (s < 0) {
        return; // retry:, heartbeat
      }
      long seq = 0;
      for (int i = s + SEQUENCE.length; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
        seq = seq * 10 + (buf[i] - '0');
      }
      int t = indexOf(from, to, TIME);
      if (t < 0) {
        fail("an event without a time: " + new String(buf, from, to - from, StandardCharsets.UTF_8));
        return;
      }
      long timeNanos = epochMillis(t + TIME.length) * 1_000_000L;
      if (count >= seqs.length) {
        extra = "more events than the " + seqs.length + " written (sequence " + seq + ")";
        return;
      }
      seqs[count] = seq;
      lags[count] = nowNanos - timeNanos;
      count++;
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.SSSZ} at {@code at} as epoch milliseconds; the seconds part is cached. */
    private long epochMillis(int at) {
      boolean same = cachedSecond != Long.MIN_VALUE;
      for (int i = 0; same && i < 19; i++) {
        same = buf[at + i] == cachedPrefix[i];
      }
      if (!same) {
        System.arraycopy(buf, at, cachedPrefix, 0, 19);
        cachedSecond = Instant.parse(new String(cachedPrefix, StandardCharsets.US_ASCII) + "Z").getEpochSecond();
      }
      int ms = (buf[at + 20] - '0') * 100 + (buf[at + 21] - '0') * 10 + (buf[at + 22] - '0');
      return cachedSecond * 1000 + ms;
    }

    private int indexOf(int from, int to, byte[] needle) {
      outer:
      for (int i = from; i + needle.length <= to; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (buf[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
