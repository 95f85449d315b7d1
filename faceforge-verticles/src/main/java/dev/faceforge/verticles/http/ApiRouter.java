package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the HTTP router from the OpenAPI contract: every operation of the document must have a
 * handler (startup fails otherwise), requests are validated against it, the token is checked first,
 * and every failure goes through the one {@link ProblemHandler}.
 */
public final class ApiRouter {
  /** Where the contract lives on the classpath. */
  public static final String CONTRACT = "openapi/faceforge-v1.yaml";
  /** Largest accepted JSON body (a 10,000-item bulk upsert fits with room to spare). */
  public static final long BODY_LIMIT = 32L * 1024 * 1024;

  private ApiRouter() {
  }

  /** Loads the contract, binds {@code binders} and returns the finished router. */
  public static Future<Router> create(Vertx vertx, ApiContract api, String installToken,
                                      List<Consumer<io.vertx.ext.web.openapi.router.RouterBuilder>> binders) {
    return api.routingContract(vertx).map(contract -> {
      var builder = io.vertx.ext.web.openapi.router.RouterBuilder.create(vertx, contract,
          io.vertx.ext.web.openapi.router.RequestExtractor.withBodyHandler());
      builder.rootHandler((PlatformHandler) ApiRouter::holdWebSocketUpgrade);
      builder.rootHandler(new TokenAuth(contract, api, installToken));
      builder.rootHandler(new ContentTypeCheck(contract));
      builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
      binders.forEach(b -> b.accept(builder));
      List<String> unbound = builder.getRoutes().stream().filter(r -> r.getHandlers().isEmpty())
          .map(r -> r.getOperation().getOperationId()).sorted().toList();
      if (!unbound.isEmpty()) {
        throw new IllegalStateException("operations without a handler: " + unbound);
      }
      Router router = builder.createRouter();
      ProblemHandler problems = new ProblemHandler();
      router.route().failureHandler(problems);
      router.errorHandler(404, problems);
      router.errorHandler(405, problems);
      return router;
    });
  }

  /**
   * Pauses a WebSocket upgrade request so it cannot end while the (asynchronous) validation runs: an ended
   * request can no longer be upgraded. {@code toWebSocket()} resumes it.
   */
  private static void holdWebSocketUpgrade(RoutingContext ctx) {
    if (ctx.request().canUpgradeToWebSocket()) {
      ctx.request().pause();
    }
    ctx.next();
  }

  /** The operations a router answers, for the contract test. */
  public static List<String> operationIds(List<OpenAPIRoute> routes) {
    return routes.stream().map(r -> r.getOperation().getOperationId()).sorted().toList();
  }
}
