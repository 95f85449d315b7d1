package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An HTTP answer as a value (status, headers, JSON body) so route handlers are plain functions
 * {@code RoutingContext -> Future<Reply>}; {@link #handler} writes it or fails the context, which sends
 * the failure to the one {@link ProblemHandler}.
 */
public record Reply(int status, Map<String, String> headers, String body) {

  public static Reply json(int status, String body) {
    return new Reply(status, new LinkedHashMap<>(), body);
  }

  public static Reply ok(String body) {
    return json(200, body);
  }

  public static Reply noContent() {
    return new Reply(204, new LinkedHashMap<>(), null);
  }

  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Adds {@code ETag: "<version>"}. */
  public Reply etag(long version) {
    return header("ETag", "\"" + version + "\"");
  }

  /** Adapts a function returning a future reply into a route handler. */
  public static Handler<RoutingContext> handler(Function<RoutingContext, Future<Reply>> fn) {
    return ctx -> {
      Future<Reply> f;
      try {
        f = fn.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      f.onSuccess(r -> r.send(ctx)).onFailure(ctx::fail);
    };
  }

  private void send(RoutingContext ctx) {
    HttpServerResponse res = ctx.response().setStatusCode(status);
    headers.forEach(res::putHeader);
    if (body == null) {
      res.end();
    } else {
      res.putHeader("Content-Type", "application/json").end(body);
    }
  }
}
