package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hands the request's parameters and body to the OpenAPI validator, each value decoded exactly once.
 * {@code RequestExtractor.withBodyHandler()} of vertx-openapi 5.0 URL-decodes query values a second time
 * (eclipse-vertx/vertx-openapi#117), so {@code ?q=100%25} was refused with a 400 and {@code ?q=c%2B%2B}
 * searched for {@code "c  "}; here path and query values come from Vert.x, already decoded.
 */
final class RequestExtraction implements RequestExtractor {
  private static final RequestParameter EMPTY = new RequestParameterImpl(null);

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext ctx, Operation operation) {
    HttpServerRequest req = ctx.request();
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter p : operation.getParameters()) {
      switch (p.getIn()) {
        case PATH -> path.put(p.getName(), new RequestParameterImpl(ctx.pathParam(p.getName())));
        case QUERY -> query.put(p.getName(), query(req, p));
        case HEADER -> headers.put(p.getName(), new RequestParameterImpl(req.getHeader(p.getName())));
        case COOKIE -> {
          Cookie c = req.getCookie(p.getName());
          cookies.put(p.getName(), new RequestParameterImpl(c == null ? null : c.getValue()));
        }
      }
    }
    if (operation.getRequestBody() == null) {
      return Future.succeededFuture(new ValidatableRequestImpl(cookies, headers, path, query));
    }
    RequestParameter body = new RequestParameterImpl(ctx.body().buffer());
    return Future.succeededFuture(new ValidatableRequestImpl(cookies, headers, path, query, body,
        req.getHeader(HttpHeaders.CONTENT_TYPE)));
  }

  /** The raw form the validator's form-style transformer expects: {@code a=1&a=2} for exploded arrays. */
  private static RequestParameter query(HttpServerRequest req, Parameter p) {
    List<String> values = req.params().getAll(p.getName());
    if (values.isEmpty()) {
      return EMPTY;
    }
    return switch (p.getSchemaType()) {
      case ARRAY -> new RequestParameterImpl(p.isExplode()
          ? values.stream().map(v -> p.getName() + "=" + v).collect(Collectors.joining("&"))
          : values.get(0));
      case OBJECT -> new RequestParameterImpl(p.isExplode()
          ? req.params().entries().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"))
          : values.get(0));
      default -> new RequestParameterImpl(values.get(0));
    };
  }
}
