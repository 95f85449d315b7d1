package dev.faceforge.launcher.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SSE fan-out: {@link BenchConfig#subscribers()} clients on {@code GET /v1/events/stream} while a
 * {@link PacedWriter} creates 2,000 entities a second over HTTP for {@value #SECONDS} s. Each round opens fresh
 * streams at {@code ?after=<log position>}, so every subscriber must receive exactly the round's events: the
 * ids are checked to be consecutive from that position (none missing, none twice, in order), the log must have
 * grown by exactly the events written, and nothing more may arrive afterwards. The lag of each delivery runs from
 * the time its write was due to leave the writer to its receipt by that subscriber.
 */
final class EventFanOut {
  private static final int SECONDS = 5;
  private static final int WRITER_CONNECTIONS = BenchConfig.CONCURRENCY;

  private final BenchConfig cfg;
  private final Report report;

  EventFanOut(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  /** One measured round: deliveries, first write due to last receipt, every delivery's two lags. */
  private record Round(long deliveries, long nanos, long[] lags, long[] eventTimeLags, PacedWriter.Run writer,
                       int reconnects) {
    Round withoutLags() {
      return new Round(deliveries, nanos, null, null, writer, reconnects);
    }
  }

  void run(Path home) throws Exception {
    try (BenchServer server = BenchServer.start(home)) {
      Vertx sseVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Vertx writerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Api api = new Api(writerVertx, server.port(), server.token(), WRITER_CONNECTIONS);
      try {
        measure(server, sseVertx, writerVertx, new PacedWriter(api));
      } finally {
        api.close();
        writerVertx.close().await();
        sseVertx.close().await();
      }
    }
  }

  private void measure(BenchServer server, Vertx sseVertx, Vertx writerVertx, PacedWriter writer) throws Exception {
    int subs = cfg.subscribers();
    int batches = (int) (SECONDS * 1_000_000_000L / PacedWriter.PERIOD_NANOS);
    Set<Long> clientThreads = Set.of(new LoadDriver(sseVertx).thread().getId(),
        new LoadDriver(writerVertx).thread().getId());
    round(server, sseVertx, writer, subs, batches); // warm-up
    Measurement fromDue = new Measurement("deliveries/s");
    Measurement fromAppend = new Measurement("deliveries/s");
    List<Round> rounds = new ArrayList<>();
    long start = System.nanoTime();
    CpuProfile cpu = CpuProfile.start(clientThreads);
    do {
      Round r = round(server, sseVertx, writer, subs, batches);
      fromDue.round(r.deliveries, r.nanos, r.lags);
      fromAppend.round(r.deliveries, r.nanos, r.eventTimeLags);
      rounds.add(r.withoutLags());
    } while (!cfg.enough(fromDue.rounds(), start));
    String name = String.format(Locale.ROOT, "SSE fan-out, %d subscribers, %,d events/s written: lag from write due"
        + " to receipt", subs, PacedWriter.BATCH * 1_000_000_000L / PacedWriter.PERIOD_NANOS);
    String cpuLine = cpu.stop(name, fromDue.ops());
    report.add(new Row(name, fromDue, Target.maxP99Millis(100)), cpuLine);
    String second = "SSE fan-out, the same rounds: lag from the event's append (CloudEvent time) to receipt";
    report.add(new Row(second, fromAppend, Target.maxP99Millis(100)),
        cpuLine.replace(name, second + " (the rounds of the row above)"));
    notes(server, subs, rounds);
  }

  private Round round(BenchServer server, Vertx sseVertx, PacedWriter writer, int subs, int batches)
      throws InterruptedException {
    int events = batches * PacedWriter.BATCH;
    HttpClientAgent client = sseVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setTcpNoDelay(true).setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(subs));
    try {
      long base = server.logPosition();
      CountDownLatch ready = new CountDownLatch(subs);
      CountDownLatch done = new CountDownLatch(subs);
      List<SseSubscriber> subscribers = new ArrayList<>();
      for (int s = 0; s < subs; s++) {
        subscribers.add(new SseSubscriber(client, server.port(), server.token(), base, events, ready, done));
      }
      sseVertx.runOnContext(v -> subscribers.forEach(SseSubscriber::connect));
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new BenchFailure(ready.getCount() + " of " + subs + " SSE subscribers did not connect in 60 s");
      }
      long t0 = System.nanoTime();
      PacedWriter.Run w = writer.run(batches);
      long appended = server.logPosition() - base;
      if (appended != events || w.events() != events) {
        throw new BenchFailure("the log grew by " + appended + " events while the writer wrote " + events);
      }
      if (!done.await(120, TimeUnit.SECONDS)) {
        throw new BenchFailure(done.getCount() + " of " + subs + " subscribers did not receive all " + events
            + " events within 120 s; one of them: " + behind(subscribers, events).describe());
      }
      Thread.sleep(200); // anything sent twice or after the last event would arrive by now
      return verified(subscribers, base, events, t0, w);
    } finally {
      client.close().await();
    }
  }

  private static SseSubscriber behind(List<SseSubscriber> subscribers, int events) {
    return subscribers.stream().filter(s -> s.count < events || s.error != null).findFirst()
        .orElse(subscribers.get(0));
  }

  /** Checks every subscriber's ids, then pools their lags. */
  private static Round verified(List<SseSubscriber> subscribers, long base, int events, long t0, PacedWriter.Run w) {
    long last = 0;
    int reconnects = 0;
    long[] lags = new long[subscribers.size() * events];
    long[] eventTimeLags = new long[lags.length];
    int at = 0;
    for (SseSubscriber s : subscribers) {
      if (s.error != null) {
        throw new BenchFailure("SSE subscriber " + s.describe());
      }
      for (int k = 0; k < events; k++) {
        if (s.ids[k] != base + 1 + k) {
          throw new BenchFailure("a subscriber's event " + k + " of the round had id " + s.ids[k] + ", expected "
              + (base + 1 + k) + " (missing, duplicated or out of order); " + s.describe());
        }
      }
      System.arraycopy(s.lags, 0, lags, at, events);
      System.arraycopy(s.eventTimeLags, 0, eventTimeLags, at, events);
      at += events;
      last = Math.max(last, s.lastReceiptNanos);
      reconnects += s.reconnects;
    }
    return new Round((long) lags.length, last - t0, lags, eventTimeLags, w, reconnects);
  }

  private void notes(BenchServer server, int subs, List<Round> rounds) {
    double[] rates = rounds.stream().mapToDouble(r -> r.writer.rate()).toArray();
    double[] ackP99 = rounds.stream().mapToDouble(r -> millis(r.writer.ackNanos(), 99)).toArray();
    double[] slips = rounds.stream().mapToDouble(r -> r.writer.maxSlipNanos() / 1e6).toArray();
    int reconnects = rounds.stream().mapToInt(Round::reconnects).sum();
    long events = rounds.get(0).writer.events();
    report.note(String.format(Locale.ROOT, "SSE fan-out: each round opens %d fresh streams at ?after=<log position>;"
        + " then the writer (its own Vert.x loop, %d connections, requests issued on schedule from a bench thread"
        + " whether or not earlier ones were answered) sends POST /v1/entities/bulk-upsert with %d new entities"
        + " every %d ms for %d s (%,d events); achieved %s–%s events/s (events / first request due → last"
        + " answer); bulk upsert answered in p99 %s ms (median over rounds, from its due time); the writer thread"
        + " issued a request at most %s ms late", subs, WRITER_CONNECTIONS, PacedWriter.BATCH,
        PacedWriter.PERIOD_NANOS / 1_000_000, SECONDS, events, Stats.rate(Stats.min(rates)),
        Stats.rate(Stats.max(rates)), Stats.millis(Stats.median(ackP99)), Stats.millis(Stats.max(slips))));
    report.note(String.format(Locale.ROOT, "SSE fan-out lags: receipt is when a frame's bytes reached the client."
        + " \"write due\": the time the bulk upsert was due to leave the writer, System.nanoTime() of this JVM,"
        + " stamped into each entity's fields (so it includes the HTTP request, the write queue and the commit);"
        + " \"append\": the CloudEvent `time`, which the single writer stamps when it appends, just before the"
        + " commit (wall clock, ms precision: a lag is overstated by < 1 ms); both over all %d × %,d deliveries"
        + " of a round; deliveries/s = %d × events from the first write due to the last receipt", subs,
        rounds.get(0).writer.events(), subs));
    report.note(String.format(Locale.ROOT, "SSE fan-out verified: every subscriber received every event of each"
        + " round exactly once, ids consecutive from the round's start position, each id equal to its CloudEvent"
        + " sequence, nothing more within 200 ms after the last; the log grew by exactly the events written;"
        + " reconnects after the server closed a stream (its slow-client rule; resumed with Last-Event-ID): %d;"
        + " server: %d slow-client disconnects, largest inbox %,d events, catch-up pages (warm-up included) %,d"
        + " from the recent events in memory and %,d from the log; %d subscribers, the writer and the server share"
        + " the machine's %d cores (one client event loop holds all %d connections)", reconnects,
        server.live().slowDisconnects(), server.live().inboxHighWater(), server.live().recentPages(),
        server.live().logPages(), subs,
        Runtime.getRuntime().availableProcessors(), subs));
  }

  private static double millis(long[] nanos, double p) {
    return Stats.nanosToMillis(Stats.percentile(nanos, p));
  }
}
