package dev.faceforge.verticles;

import dev.faceforge.verticles.http.ApiContract;
import dev.faceforge.verticles.http.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.function.Consumer;

/**
 * Wires one HTTP server: builds the router from the contract with the shared route binders and
 * listens. Deployed once per event loop; Vert.x spreads connections over the instances.
 */
final class ApiVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final ApiContract contract;
  private final String installToken;
  private final List<Consumer<RouterBuilder>> binders;
  private final List<Consumer<Router>> mounts;
  private HttpServer server;

  /** {@code mounts} add routes that are not OpenAPI operations (the SockJS bridge) to the finished router. */
  ApiVerticle(String host, int port, ApiContract contract, String installToken,
              List<Consumer<RouterBuilder>> binders, List<Consumer<Router>> mounts) {
    this.host = host;
    this.port = port;
    this.contract = contract;
    this.installToken = installToken;
    this.binders = binders;
    this.mounts = mounts;
  }

  @Override
  public Future<?> start() {
    return ApiRouter.create(vertx, contract, installToken, binders)
        .map(router -> {
          mounts.forEach(m -> m.accept(router));
          return router;
        })
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setCompressionSupported(true).setTcpNoDelay(true).setIdleTimeout(300))
            .requestHandler(router)
            .listen(port, host))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
