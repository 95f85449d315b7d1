package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

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

  /**
   * What a router is made of: the contract, the install token, the check for signed links (requests that
   * prove themselves without the token), the route binders of every resource, and mounts: routes that are
   * not OpenAPI operations (the SockJS sub-router), added to the finished router.
   */
  public record Setup(ApiContract api, String installToken, Predicate<HttpServerRequest> signedLink,
                      List<Consumer<RouterBuilder>> binders, List<Consumer<Router>> mounts) {
  }

  /** Binds every operation of the contract and returns the finished router. */
  public static Future<Router> create(Vertx vertx, Setup setup) {
    ApiContract api = setup.api();
    List<Consumer<RouterBuilder>> binders = setup.binders();
    String installToken = setup.installToken();
    Predicate<HttpServerRequest> signedLink = setup.signedLink();
    return api.routingContract(vertx).map(contract -> {
      RouterBuilder builder = RouterBuilder.create(vertx, contract, new RequestExtraction());
      builder.rootHandler(new OperationLookup(contract));
      builder.rootHandler((PlatformHandler) ApiRouter::holdWebSocketUpgrade);
      builder.rootHandler(new TokenAuth(contract, api, installToken, signedLink));
      builder.rootHandler(new ContentTypeCheck(contract));
      builder.rootHandler(bodyUnlessStreaming(contract));
      RequestValidation validation = new RequestValidation(contract, STREAMING_OPERATIONS);
      builder.rootHandler(validation);
      binders.forEach(b -> b.accept(builder));
      List<String> unbound = builder.getRoutes().stream().filter(r -> r.getHandlers().isEmpty())
          .map(r -> r.getOperation().getOperationId()).sorted().toList();
      if (!unbound.isEmpty()) {
        throw new IllegalStateException("operations without a handler: " + unbound);
      }
      builder.getRoutes().stream().filter(r -> validation.handles(r.getOperation()))
          .forEach(r -> r.setDoValidation(false)); // validated by RequestValidation, faster
      Router router = builder.createRouter();
      ProblemHandler problems = new ProblemHandler();
      router.route().failureHandler(problems);
      router.errorHandler(404, problems);
      router.errorHandler(405, problems);
      return router;
    });
  }

  /**
   * Buffers JSON bodies (up to {@link #BODY_LIMIT}) for every operation except the streaming ones, whose
   * handlers read the request themselves (an upload must never sit in memory).
   */
  private static io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> bodyUnlessStreaming(
      io.vertx.openapi.contract.OpenAPIContract contract) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    return ctx -> {
      var op = OperationLookup.of(ctx);
      if (op != null && STREAMING_OPERATIONS.contains(op.getOperationId())) {
        ctx.next();
      } else {
        body.handle(ctx);
      }
    };
  }

  /** Operations whose handlers stream the request body themselves (no validation of the body either). */
  public static final java.util.Set<String> STREAMING_OPERATIONS = java.util.Set.of("uploadAsset");

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
