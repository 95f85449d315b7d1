package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The asset rows' load generator, on a Vert.x instance of its own with one event loop: the JSON API client,
 * a plain HTTP client for the bytes (the same options as the API's: keep-alive, no idle timeout, at most
 * {@link BenchConfig#CONCURRENCY} connections per server, so FaceForge and nginx are driven alike), and a
 * closed-loop driver on that loop.
 */
final class AssetClient implements AutoCloseable {
  final Vertx vertx;
  final Api api;
  final HttpClientAgent http;
  final LoadDriver driver;
  final Set<Long> threads;

  AssetClient(BenchServer server) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    api = new Api(vertx, server.port(), server.token(), BenchConfig.CONCURRENCY);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setIdleTimeout(0),
        new PoolOptions().setHttp1MaxSize(BenchConfig.CONCURRENCY));
    driver = new LoadDriver(vertx);
    threads = Set.of(driver.thread().getId());
  }

  /** Runs {@code op} once on the client's event loop, waits for it and answers its result. */
  <T> T once(Supplier<Future<T>> op) {
    AtomicReference<T> result = new AtomicReference<>();
    driver.run(1, 1, i -> op.get().onSuccess(result::set));
    return result.get();
  }

  @Override
  public void close() {
    http.close().await();
    api.close();
    vertx.close().await();
  }
}
