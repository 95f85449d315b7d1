package dev.faceforge.verticles.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

/**
 * Finds the request's OpenAPI operation once, first thing, for the root handlers that need it (token,
 * media type, body, parameters) — matching the path against every operation is not free.
 */
final class OperationLookup implements PlatformHandler {
  private static final String KEY = "faceforge.operation";
  private final OpenAPIContract contract;

  OperationLookup(OpenAPIContract contract) {
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation op = contract.findOperation(ctx.request().path(), ctx.request().method());
    if (op != null) {
      ctx.put(KEY, op);
    }
    ctx.next();
  }

  /** The operation of this request, or null when it matches none. */
  static Operation of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
