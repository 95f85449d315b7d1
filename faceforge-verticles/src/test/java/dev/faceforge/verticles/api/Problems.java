package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {
  public static final String TYPE_BASE = "https://faceforge.dev/problems/";

  private Problems() {
  }

  /**
   * Asserts that {@code r} is an {@code application/problem+json} answer with {@code status} and the problem
   * type {@code slug}, and returns the problem document.
   */
  public static JsonObject assertProblem(HttpResponse<String> r, int status, String slug) {
    assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getString("type")).isEqualTo(TYPE_BASE + slug);
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("detail")).isNotBlank();
    return p;
  }

  /** The {@code field} of each entry of the problem's {@code errors} (empty when it has none). */
  public static List<String> fields(JsonObject problem) {
    JsonArray errors = problem.getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }
}
