package dev.faceforge.launcher.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The HTTP half of the benchmark: one real server, one load generator on its own Vert.x instance (one
 * event loop), and the entities created so far (entity {@code i} of {@link People} has id {@code ids[i]}).
 * Runs create, get, then list and search once the store holds {@link BenchConfig#searchEntities()}.
 */
final class HttpBench implements AutoCloseable {
  final BenchConfig cfg;
  final Report report;
  final BenchServer server;
  final Vertx clientVertx;
  final Api api;
  final LoadDriver driver;
  final Set<Long> clientThreads;
  final List<String> ids = new ArrayList<>();

  private HttpBench(BenchConfig cfg, Report report, BenchServer server) {
    this.cfg = cfg;
    this.report = report;
    this.server = server;
    this.clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    this.api = new Api(clientVertx, server.port(), server.token(), BenchConfig.CONCURRENCY);
    this.driver = new LoadDriver(clientVertx);
    this.clientThreads = Set.of(driver.thread().getId());
  }

  /** A load generator for {@code server}; closing it closes the server too. */
  static HttpBench open(BenchConfig cfg, Report report, BenchServer server) {
    return new HttpBench(cfg, report, server);
  }

  static void run(BenchConfig cfg, Report report, Path home) throws Exception {
    try (HttpBench b = new HttpBench(cfg, report, BenchServer.start(home))) {
      EntityWrites writes = new EntityWrites(b);
      writes.creates(1, cfg.createsSerial());
      writes.creates(BenchConfig.CONCURRENCY, cfg.createsParallel());
      writes.gets(cfg.gets());
      writes.topUp(cfg.searchEntities());
      new EntityQueries(b).run();
    }
  }

  /** Rounds of {@code perRound} operations: one warm-up, then measured rounds into one row. */
  Row measure(String name, String unit, Target target, int concurrency, int perRound, RoundBody body) {
    body.run(concurrency, perRound);
    Measurement m = new Measurement(unit);
    long start = System.nanoTime();
    CpuProfile cpu = CpuProfile.start(clientThreads);
    do {
      LoadDriver.Run run = body.run(concurrency, perRound);
      m.round(run.count(), run.nanos(), run.latencyNanos());
    } while (!cfg.enough(m.rounds(), start));
    Row row = new Row(name, m, target);
    report.add(row, cpu.stop(name, m.ops()));
    return row;
  }

  /** One round: runs {@code count} operations at {@code concurrency} and checks their effect. */
  @FunctionalInterface
  interface RoundBody {
    LoadDriver.Run run(int concurrency, int count);
  }

  @Override
  public void close() {
    api.close();
    clientVertx.close().await();
    server.close();
  }
}
