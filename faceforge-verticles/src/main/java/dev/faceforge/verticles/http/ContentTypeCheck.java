package dev.faceforge.verticles.http;

import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.List;
import java.util.Locale;

/**
 * Answers 415 when a request sends a body in a media type its operation does not declare (the
 * OpenAPI document lists them), before the body is read (hence a security-policy handler: it runs
 * ahead of the body handler).
 */
final class ContentTypeCheck implements SecurityPolicyHandler {
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private final OpenAPIContract contract;

  ContentTypeCheck(OpenAPIContract contract) {
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    Operation op = OperationLookup.of(ctx);
    if (op == null || op.getRequestBody() == null || !hasBody(req)) {
      ctx.next();
      return;
    }
    String type = req.getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    List<String> declared = List.copyOf(op.getRequestBody().getContent().keySet());
    if (MERGE_PATCH.equals(media) && declared.contains("application/json")) {
      // RFC 7396's own media type: the contract loader only knows JSON, and a merge patch is JSON
      req.headers().set("Content-Type", "application/json");
      ctx.next();
    } else if (declared.contains(media)) {
      ctx.next();
    } else {
      ctx.fail(new Problem(415, "unsupported-media-type", "Unsupported media type",
          "send the body as " + String.join(" or ", declared) + (type == null ? "" : " (got " + type + ")"),
          List.of()));
    }
  }

  private static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    return (length != null && !length.equals("0")) || req.getHeader("Transfer-Encoding") != null;
  }
}
