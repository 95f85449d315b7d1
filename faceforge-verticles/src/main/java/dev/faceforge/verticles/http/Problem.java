package dev.faceforge.verticles.http;

import java.util.List;

/**
 * A client-facing failure with its RFC 9457 problem details: the one exception type handlers and
 * deciders throw for expected failures (built without a stack trace). The router's error handler is
 * the one place that turns it into an {@code application/problem+json} response.
 */
public final class Problem extends RuntimeException {
  /** Every problem {@code type} is this URI followed by the problem's slug. */
  public static final String TYPE_BASE = "https://faceforge.dev/problems/";

  /** One offending input: a dotted path such as {@code fields.age}, and what is wrong with it. */
  public record FieldError(String field, String message) {
  }

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;

  public Problem(int status, String slug, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Bad request", detail, List.of());
  }

  public static Problem unauthorized() {
    return new Problem(401, "unauthorized", "Unauthorized",
        "a valid install token is required (Authorization: Bearer, X-FaceForge-Token or the ff_token cookie)",
        List.of());
  }

  public static Problem forbidden(String detail) {
    return new Problem(403, "forbidden", "Forbidden", detail, List.of());
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail, List.of());
  }

  public static Problem conflict(String detail) {
    return new Problem(409, "conflict", "Conflict", detail, List.of());
  }

  public static Problem preconditionFailed(String detail) {
    return new Problem(412, "precondition-failed", "Precondition failed", detail, List.of());
  }

  public static Problem invalid(List<FieldError> errors) {
    String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " invalid values: " + String.join(", ", errors.stream().map(FieldError::field).toList());
    return new Problem(422, "validation-failed", "Validation failed", detail, errors);
  }

  public static Problem invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  /** The problem's {@code type} URI, e.g. {@code https://faceforge.dev/problems/conflict}. */
  public String type() {
    return TYPE_BASE + slug;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
