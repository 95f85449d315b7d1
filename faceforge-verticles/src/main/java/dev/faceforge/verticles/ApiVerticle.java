package dev.faceforge.verticles;

import dev.faceforge.verticles.http.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * Wires one HTTP server: builds the router from the contract with the shared route binders and
 * listens. Deployed once per event loop; Vert.x spreads connections over the instances.
 */
final class ApiVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final ApiRouter.Setup setup;
  private HttpServer server;

  ApiVerticle(String host, int port, ApiRouter.Setup setup) {
    this.host = host;
    this.port = port;
    this.setup = setup;
  }

  @Override
  public Future<?> start() {
    return ApiRouter.create(vertx, setup)
        .map(router -> {
          setup.mounts().forEach(m -> m.accept(router));
          return router;
        })
        // no compression: downloads must stay zero-copy (sendFile) and byte-exact, SSE must not be held
        // back by a deflate buffer, and the API is served on loopback
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setCompressionSupported(false).setTcpNoDelay(true).setIdleTimeout(300))
            .requestHandler(router)
            .listen(port, host))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
