package dev.faceforge.verticles.http;

import dev.faceforge.eventstore.DuplicateEventException;
import dev.faceforge.eventstore.WrongExpectedVersionException;
import dev.faceforge.verticles.storage.BlobNotFoundException;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's failure handler: the single place where every failure becomes an RFC 9457
 * {@code application/problem+json} response. Client mistakes map to their 4xx; anything unexpected
 * is logged and answered with a 500 that reveals nothing internal.
 */
public final class ProblemHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Problem p = toProblem(ctx);
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    JsonObject body = new JsonObject()
        .put("type", p.type())
        .put("title", p.title())
        .put("status", p.status())
        .put("detail", p.getMessage())
        .put("instance", ctx.request().path());
    if (!p.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      p.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      body.put("errors", errors);
    }
    if (p.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"faceforge\"");
    }
    ctx.response().setStatusCode(p.status())
        .putHeader("Content-Type", "application/problem+json")
        .end(body.encode());
  }

  private static Problem toProblem(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f instanceof Problem p) {
      return p;
    }
    if (f instanceof WrongExpectedVersionException w) {
      return ctx.request().headers().contains("If-Match")
          ? Problem.preconditionFailed("If-Match does not match: " + resource(w) + " is at version " + w.actual())
          : Problem.conflict("concurrent change: " + resource(w) + " changed while this request ran; retry");
    }
    if (f instanceof BlobNotFoundException b) {
      // the asset is known, its bytes are not where its storage says: nothing the client can fix, but no
      // representation to send either (RFC 9110 15.5.5); the operator learns it from the log and from verify
      LOG.warn("{}: the bytes of {} are missing from the {} store", ctx.request().path(), b.sha256(), b.provider());
      return new Problem(404, "blob-missing", "Asset bytes missing", "the bytes of asset " + b.sha256()
          + " are missing from the " + b.provider() + " store; `faceforge verify` lists every such asset", List.of());
    }
    if (f instanceof DuplicateEventException d) {
      return Problem.conflict(d.getMessage());
    }
    if (f instanceof HttpException h && h.getCause() instanceof ValidatorException v) {
      return validation(v);
    }
    if (f instanceof ValidatorException v) {
      return validation(v);
    }
    return byStatus(f, ctx.statusCode());
  }

  private static String resource(WrongExpectedVersionException w) {
    return w.streamId().replace(':', ' ');
  }

  private static Problem validation(ValidatorException v) {
    return ValidationProblems.of(v);
  }

  private static Problem byStatus(Throwable f, int status) {
    int code = f instanceof HttpException h ? h.getStatusCode() : status;
    String detail = f instanceof HttpException h && h.getPayload() != null ? h.getPayload() : null;
    return switch (code) {
      case 400 -> Problem.badRequest(detail != null ? detail : "the request is malformed");
      case 401 -> Problem.unauthorized();
      case 404 -> Problem.notFound(detail != null ? detail : "no such resource");
      case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", "this resource does not support "
          + "that method", List.of());
      case 413 -> new Problem(413, "payload-too-large", "Payload too large", "the request body exceeds the limit",
          List.of());
      case 415 -> new Problem(415, "unsupported-media-type", "Unsupported media type",
          detail != null ? detail : "send application/json", List.of());
      default -> unexpected(f, code);
    };
  }

  private static Problem unexpected(Throwable f, int code) {
    if (code >= 400 && code < 500) {
      return new Problem(code, "client-error", "Client error", f == null ? "request refused" : f.getMessage(),
          List.of());
    }
    LOG.error("unexpected failure", f);
    return new Problem(500, "internal-error", "Internal error", "an unexpected error occurred; see the server log",
        List.of());
  }
}
