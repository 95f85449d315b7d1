package dev.faceforge.verticles.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validates requests against the contract with validators built once at startup: parameters inline on the
 * event loop, JSON bodies inline too unless they are large ({@link #INLINE_BODY_BYTES}), which go to a worker
 * thread. vertx-openapi 5.0's own validation builds a new schema validator for every parameter and every body
 * of every request, on a worker thread; that was most of the CPU of a GET (80% of the read workers' samples)
 * and a quarter of an entity create's (the schema repository copies its whole lookup map for each validator),
 * so every operation except the streaming ones ({@code skipped}) is validated here instead. Same schemas,
 * same transformers, same content analysers, same exceptions, hence the same 400s. A string parameter whose
 * value {@link StringCheck} accepts skips even the schema (most GETs: ids, headers such as {@code Range}).
 */
final class RequestValidation implements Handler<RoutingContext> {
  /** Bodies up to this size are validated on the event loop; a larger one (a bulk upsert) on a worker. */
  static final int INLINE_BODY_BYTES = 64 * 1024;
  private final Map<MediaType, Validator> bodyValidators = new IdentityHashMap<>();
  private final Map<Parameter, Validator> validators = new IdentityHashMap<>();
  /** String parameters whose valid values need no schema validator (see {@link StringCheck}). */
  private final Map<Parameter, StringCheck> quickChecks = new IdentityHashMap<>();
  /** The regex group of each path parameter in {@link #paths}. */
  private final Map<Parameter, String> groups = new IdentityHashMap<>();
  /** Path templates as patterns: this runs before the route matched, so path parameters are not set yet. */
  private final Map<Operation, java.util.regex.Pattern> paths = new IdentityHashMap<>();
  private final Map<Style, ParameterTransformer> transformers = Map.of(Style.SIMPLE, new SimpleTransformer(),
      Style.FORM, new FormTransformer(), Style.LABEL, new LabelTransformer(), Style.MATRIX, new MatrixTransformer());
  private final RequestExtraction extraction = new RequestExtraction();
  private final Set<String> skipped;

  RequestValidation(OpenAPIContract contract, Set<String> skipped) {
    this.skipped = skipped;
    for (Operation op : contract.operations()) {
      if (handles(op)) {
        for (Parameter p : op.getParameters()) {
          validators.put(p, contract.getSchemaRepository().validator(p.getSchema()));
          StringCheck quick = StringCheck.of(p);
          if (quick != null) {
            quickChecks.put(p, quick);
          }
          groups.put(p, safe(p.getName()));
        }
        paths.put(op, template(op.getOpenAPIPath()));
        if (op.getRequestBody() != null) {
          for (MediaType media : op.getRequestBody().getContent().values()) {
            if (media.getSchema() != null) {
              bodyValidators.put(media, contract.getSchemaRepository().validator(media.getSchema()));
            }
          }
        }
      }
    }
  }

  /** True for the operations validated here (the router turns the library's validation off for them). */
  boolean handles(Operation op) {
    return !skipped.contains(op.getOperationId());
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation op = OperationLookup.of(ctx);
    if (op == null || !handles(op)) {
      ctx.next();
      return;
    }
    java.util.regex.Matcher path = paths.get(op).matcher(ctx.request().path());
    boolean matched = path.matches();
    ValidatableRequest req = null; // built only for a parameter the quick check does not settle
    try {
      for (Parameter p : op.getParameters()) {
        String value = p.getIn() == Location.PATH ? pathValue(p, path, matched) : rawValue(ctx, p);
        StringCheck quick = quickChecks.get(p);
        if (value == null ? !p.isRequired() : quick != null && quick.accepts(value)) {
          continue; // absent and optional, or certainly valid
        }
        if (req == null) {
          req = extraction.extractValidatableRequest(ctx, op).result();
        }
        check(p, switch (p.getIn()) {
          case PATH -> new io.vertx.openapi.validation.impl.RequestParameterImpl(RequestExtraction.literal(p, value));
          case QUERY -> req.getQuery().get(p.getName());
          case HEADER -> req.getHeaders().get(p.getName());
          case COOKIE -> req.getCookies().get(p.getName());
        });
      }
    } catch (ValidatorException e) {
      ctx.fail(e);
      return;
    }
    RequestBody body = op.getRequestBody();
    if (body == null) {
      ctx.next();
    } else if (ctx.body().length() <= INLINE_BODY_BYTES) {
      try {
        checkBody(body, ctx);
      } catch (ValidatorException e) {
        ctx.fail(e);
        return;
      }
      ctx.next();
    } else {
      ctx.vertx().executeBlocking(() -> {
        checkBody(body, ctx);
        return null;
      }, false).onComplete(done -> {
        if (done.succeeded()) {
          ctx.next();
        } else {
          ctx.fail(done.cause());
        }
      });
    }
  }

  /** What vertx-openapi's request validator does with a body, with the validator built at startup. */
  private void checkBody(RequestBody body, RoutingContext ctx) {
    io.vertx.core.buffer.Buffer content = ctx.body().buffer();
    if (content == null || content.length() == 0) {
      if (body.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return;
    }
    String contentType = ctx.request().getHeader("Content-Type");
    MediaType media = body.determineContentType(contentType);
    ContentAnalyser analyser = media == null ? null
        : ContentAnalyser.getContentAnalyser(media, contentType, content, ValidationContext.REQUEST);
    if (analyser == null) {
      throw new ValidatorException("The format of the request body is not supported",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    Validator validator = bodyValidators.get(media);
    if (validator == null) {
      return;
    }
    OutputUnit result = validator.validate(analyser.transform());
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
    }
  }

  /** A path parameter's value, decoded (the route has not matched yet, so Vert.x has not set it). */
  private String pathValue(Parameter p, java.util.regex.Matcher path, boolean matched) {
    return matched ? java.net.URLDecoder.decode(path.group(groups.get(p)).replace("+", "%2B"),
        java.nio.charset.StandardCharsets.UTF_8) : null;
  }

  /**
   * A query, header or cookie parameter's value as it came (a query parameter's first value), or null when the
   * request has none: what {@link RequestExtraction} starts from.
   */
  private static String rawValue(RoutingContext ctx, Parameter p) {
    return switch (p.getIn()) {
      case QUERY -> {
        java.util.List<String> values = ctx.request().params().getAll(p.getName());
        yield values.isEmpty() ? null : values.get(0);
      }
      case HEADER -> ctx.request().getHeader(p.getName());
      case COOKIE -> {
        io.vertx.core.http.Cookie c = ctx.request().getCookie(p.getName());
        yield c == null ? null : c.getValue();
      }
      case PATH -> throw new IllegalArgumentException("a path parameter: " + p.getName());
    };
  }

  /** {@code /v1/entities/{entity_id}} as a pattern with one named group per parameter. */
  private static java.util.regex.Pattern template(String openApiPath) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}/]+)}").matcher(openApiPath);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(java.util.regex.Pattern.quote(openApiPath.substring(last, m.start())))
          .append("(?<").append(safe(m.group(1))).append(">[^/]+)");
      last = m.end();
    }
    out.append(java.util.regex.Pattern.quote(openApiPath.substring(last)));
    return java.util.regex.Pattern.compile(out.toString());
  }

  /** Regex group names allow letters and digits only. */
  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "");
  }

  private void check(Parameter p, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (p.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(p);
      }
      return;
    }
    ParameterTransformer transformer = transformers.get(p.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(p);
    }
    Object transformed = transformer.transform(p, String.valueOf(value.get()));
    OutputUnit result = validators.get(p).validate(transformed);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(p, result, e);
    }
  }
}
