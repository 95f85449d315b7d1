package dev.faceforge.verticles.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.read.Doc;
import dev.faceforge.verticles.read.PageRequest;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading requests: JSON bodies, paging parameters, If-Match, request metadata. */
public final class Requests {
  private static final Pattern ETAG = Pattern.compile("^\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*$");
  private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  private Requests() {
  }

  /** The body as a JSON object (the OpenAPI validation has checked it, this re-checks the shape). */
  public static ObjectNode body(RoutingContext ctx) {
    try {
      JsonNode n = DomainEvents.MAPPER.readTree(ctx.body().buffer().getBytes());
      if (n == null || !n.isObject()) {
        throw Problem.badRequest("the body must be a JSON object");
      }
      return (ObjectNode) n;
    } catch (java.io.IOException | NullPointerException e) {
      throw Problem.badRequest("the body is not valid JSON");
    }
  }

  /**
   * The version named by If-Match, or null when absent or {@code *}. A header that names no version
   * can never match, so it fails as a stale one would (412).
   */
  public static Long ifMatch(RoutingContext ctx) {
    String h = ctx.request().getHeader("If-Match");
    if (h == null || h.isBlank() || h.trim().equals("*")) {
      return null;
    }
    Matcher m = ETAG.matcher(h);
    if (!m.matches()) {
      throw Problem.preconditionFailed("If-Match must be an ETag from a previous response, e.g. \"3\"");
    }
    return Long.parseLong(m.group(1));
  }

  public static PageRequest page(RoutingContext ctx, String sort) {
    return PageRequest.of(integer(ctx, "limit"), integer(ctx, "offset"), ctx.request().getParam("cursor"), sort);
  }

  public static Integer integer(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw Problem.badRequest(name + " must be an integer");
    }
  }

  public static boolean flag(RoutingContext ctx, String name) {
    return "true".equalsIgnoreCase(ctx.request().getParam(name));
  }

  /** Actor and correlation id of the events this request causes (X-Request-Id or a fresh one). */
  public static EventMetadata metadata(RoutingContext ctx) {
    String id = ctx.request().getHeader("X-Request-Id");
    if (id == null || !REQUEST_ID.matcher(id).matches()) {
      id = UUID.randomUUID().toString();
    }
    ctx.response().putHeader("X-Request-Id", id);
    return new EventMetadata("api", id, null);
  }

  /** 200 with the document and its ETag, 304 when If-None-Match already names it, 404 when missing. */
  public static Future<Reply> document(RoutingContext ctx, Future<Doc> doc, String missing) {
    return doc.map(d -> {
      if (d == null) {
        throw Problem.notFound(missing);
      }
      String etag = "\"" + d.version() + "\"";
      if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
        return new Reply(304, new java.util.LinkedHashMap<>(), null).etag(d.version());
      }
      return Reply.ok(d.json()).etag(d.version());
    });
  }
}
