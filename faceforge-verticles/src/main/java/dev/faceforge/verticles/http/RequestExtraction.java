package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
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
 * Hands the request's parameters and body to the OpenAPI validator, each value taken literally.
 * {@code RequestExtractor.withBodyHandler()} of vertx-openapi 5.0 URL-decodes query values a second time
 * (eclipse-vertx/vertx-openapi#117), so {@code ?q=100%25} was refused with a 400 and {@code ?q=c%2B%2B}
 * searched for {@code "c  "}; here path and query values come from Vert.x, already decoded. And the
 * validator reads a raw value as JSON when it can, so the string {@code 19.87} became a number and
 * {@code say "hi"} could not be decoded: values of string parameters are therefore handed over as JSON
 * strings, which it reads back unchanged.
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
        case PATH -> path.put(p.getName(), new RequestParameterImpl(literal(p, ctx.pathParam(p.getName()))));
        case QUERY -> query.put(p.getName(), query(req, p));
        case HEADER -> headers.put(p.getName(), new RequestParameterImpl(literal(p, req.getHeader(p.getName()))));
        case COOKIE -> {
          Cookie c = req.getCookie(p.getName());
          cookies.put(p.getName(), new RequestParameterImpl(c == null ? null : literal(p, c.getValue())));
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
          ? values.stream().map(v -> p.getName() + "=" + item(p, v)).collect(Collectors.joining("&"))
          : values.get(0));
      case OBJECT -> new RequestParameterImpl(p.isExplode()
          ? req.params().entries().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"))
          : values.get(0));
      default -> new RequestParameterImpl(literal(p, values.get(0)));
    };
  }

  /** A string parameter's value as a JSON string; any other value as it came. */
  static String literal(Parameter p, String value) {
    return value != null && p.getSchemaType() == SchemaType.STRING ? Json.encode(value) : value;
  }

  /** An item of an array parameter, as a JSON string when the items are strings. */
  private static String item(Parameter p, String value) {
    return p.getSchema().get("items") instanceof JsonObject items && "string".equals(items.getValue("type"))
        ? Json.encode(value) : value;
  }
}
