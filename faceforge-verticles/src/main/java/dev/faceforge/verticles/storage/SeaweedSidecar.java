package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional Core-managed SeaweedFS (spec section 6.3): when {@code seaweed.enabled} and a {@code weed}
 * binary is found ({@code seaweed.weed_path}, else {@code tools/weed} or {@code tools/weed.exe}), runs
 * {@code weed server -s3} on 127.0.0.1 with its data in {@code s3/seaweedfs} and its output in
 * {@code logs/seaweedfs.log}, and waits until the S3 port answers. Starting never fails: a missing
 * binary, a crash or a timeout is one log line, and the {@code fs} provider keeps working (writes
 * routed to {@code s3} fall back). A server already answering on the S3 port (e.g. run by the desktop
 * launcher) is used as it is.
 */
public final class SeaweedSidecar {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(SeaweedSidecar.class);

  private final Vertx vertx;
  private final Optional<URI> s3Endpoint;
  private final Optional<WeedProcess> process;

  private SeaweedSidecar(Vertx vertx, Optional<URI> s3Endpoint, Optional<WeedProcess> process) {
    this.vertx = vertx;
    this.s3Endpoint = s3Endpoint;
    this.process = process;
  }

  /** Starts SeaweedFS as {@code config.seaweed()} says; the future always succeeds. */
  public static Future<SeaweedSidecar> start(Vertx vertx, CoreConfig config, HomeLayout layout) {
    return start(vertx, config, layout, READY_TIMEOUT);
  }

  static Future<SeaweedSidecar> start(Vertx vertx, CoreConfig config, HomeLayout layout, Duration readyTimeout) {
    CoreConfig.Seaweed seaweed = config.seaweed();
    SeaweedSidecar off = new SeaweedSidecar(vertx, Optional.empty(), Optional.empty());
    if (!seaweed.enabled()) {
      return Future.succeededFuture(off);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + seaweed.s3Port());
    return EndpointProbe.reachable(vertx, endpoint).transform(probe -> {
      if (probe.succeeded()) {
        LOG.info("SeaweedFS: something already answers on {}; using it instead of starting weed", endpoint);
        return Future.succeededFuture(new SeaweedSidecar(vertx, Optional.of(endpoint), Optional.empty()));
      }
      List<Path> candidates = candidates(layout, seaweed);
      Optional<Path> weed = candidates.stream().filter(Files::isExecutable).findFirst();
      if (weed.isEmpty()) {
        LOG.warn("SeaweedFS is enabled but no weed binary was found (looked for {}); blobs stay in fs", candidates);
        return Future.succeededFuture(off);
      }
      return launch(vertx, weed.get(), layout, seaweed, endpoint, readyTimeout).map(Optional::of)
          .otherwise(e -> {
            LOG.error("SeaweedFS did not start: {}; blobs stay in fs (see {})", e.getMessage(), WeedProcess.log(layout));
            return Optional.empty();
          })
          .map(started -> started.isPresent() ? new SeaweedSidecar(vertx, Optional.of(endpoint), started) : off);
    });
  }

  private static List<Path> candidates(HomeLayout layout, CoreConfig.Seaweed seaweed) {
    if (seaweed.weedPath().isPresent()) {
      return List.of(layout.home().resolve(seaweed.weedPath().get()).normalize());
    }
    return List.of(layout.toolsDir().resolve("weed"), layout.toolsDir().resolve("weed.exe"));
  }

  private static Future<WeedProcess> launch(Vertx vertx, Path weed, HomeLayout layout, CoreConfig.Seaweed seaweed,
                                            URI endpoint, Duration readyTimeout) {
    return vertx.executeBlocking(() -> WeedProcess.start(weed, layout, seaweed), false)
        .compose(started -> awaitReady(vertx, started, endpoint, System.nanoTime() + readyTimeout.toNanos())
            .recover(e -> Future.fromCompletionStage(started.stop(), vertx.getOrCreateContext())
                .transform(stopped -> Future.failedFuture(e)))
            .map(ready -> {
              LOG.info("SeaweedFS started (pid {}): S3 at {}, data in {}", started.pid(), endpoint,
                  layout.seaweedDataDir(seaweed));
              return started;
            }));
  }

  /** Polls the S3 port until it answers, the process dies, or the deadline passes. */
  private static Future<Void> awaitReady(Vertx vertx, WeedProcess weed, URI endpoint, long deadline) {
    return EndpointProbe.reachable(vertx, endpoint).recover(notYet -> {
      if (!weed.alive()) {
        return Future.failedFuture(new IllegalStateException("weed exited with code " + weed.exitCode()
            + " before its S3 port answered"));
      }
      if (System.nanoTime() - deadline > 0) {
        return Future.failedFuture(new IllegalStateException("its S3 port " + endpoint.getPort()
            + " did not answer in time"));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(200, t -> awaitReady(vertx, weed, endpoint, deadline).onComplete(later));
      return later.future();
    });
  }

  /** Whether an S3 endpoint is up: the one this sidecar started, or one it found running. */
  public boolean running() {
    return s3Endpoint.isPresent();
  }

  /** {@code http://127.0.0.1:<seaweed.s3_port>} while {@link #running()}. */
  public Optional<URI> s3Endpoint() {
    return s3Endpoint;
  }

  /** Stops the process this sidecar started (a polite signal, then a forced kill after 10 s); else does nothing. */
  public Future<Void> stop() {
    return process.map(weed -> Future.fromCompletionStage(weed.stop(), vertx.getOrCreateContext()))
        .orElse(Future.succeededFuture());
  }

  /** The pid of the process this sidecar started, for diagnostics. */
  Optional<Long> pid() {
    return process.map(WeedProcess::pid);
  }
}
