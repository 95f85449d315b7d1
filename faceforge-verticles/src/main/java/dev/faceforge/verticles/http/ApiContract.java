package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.impl.Utils;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The OpenAPI document, read once: its YAML and JSON forms (served as-is by the docs routes), the
 * operations that declare {@code security: []} (public), and a routing copy without security
 * requirements — the token is checked by {@link TokenAuth}, because vertx-openapi 5.0 cannot attach
 * handlers to alternative (OR-ed) security schemes without vertx-auth providers.
 */
public final class ApiContract {
  private final Buffer yaml;
  private final JsonObject json;
  private final Set<String> publicOperations;

  private ApiContract(Buffer yaml, JsonObject json) {
    this.yaml = yaml;
    this.json = json;
    this.publicOperations = publicOperations(json);
  }

  /** Reads the document from the classpath (or a file) on a worker thread. */
  public static Future<ApiContract> load(Vertx vertx, String path) {
    return vertx.fileSystem().readFile(path).compose(text -> vertx.executeBlocking(
            () -> Utils.yamlStringToJson(text.toString(StandardCharsets.UTF_8)))
        .compose(f -> f).map(json -> new ApiContract(text, json)));
  }

  public Buffer yaml() {
    return yaml;
  }

  /** A copy of the document as JSON. */
  public JsonObject json() {
    return json.copy();
  }

  public boolean isPublic(String operationId) {
    return publicOperations.contains(operationId);
  }

  /** A contract for routing and validation: the same operations and schemas, no security requirements. */
  public Future<OpenAPIContract> routingContract(Vertx vertx) {
    JsonObject copy = json.copy();
    copy.remove("security");
    copy.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject o) {
        o.remove("security");
      }
    }));
    strictEndAnchors(copy);
    return OpenAPIContract.from(vertx, copy);
  }

  /**
   * JSON Schema patterns are ECMA-262 regular expressions, where {@code $} matches only at the end of the
   * input; the validator compiles them with {@code java.util.regex}, where {@code $} also matches before a
   * final line break, so {@code "knows\n"} passed {@code ^[a-z]+$}. The routing copy ends such patterns
   * with {@code \z} instead (the served document keeps the portable form). Example values are left alone.
   */
  static void strictEndAnchors(Object node) {
    if (node instanceof JsonObject o) {
      for (String key : o.fieldNames()) {
        Object v = o.getValue(key);
        if (key.equals("pattern") && v instanceof String p) {
          o.put(key, strictEnd(p));
        } else if (!key.equals("example") && !key.equals("examples")) {
          strictEndAnchors(v);
        }
      }
    } else if (node instanceof JsonArray a) {
      a.forEach(ApiContract::strictEndAnchors);
    }
  }

  static String strictEnd(String pattern) {
    if (!pattern.endsWith("$")) {
      return pattern;
    }
    int backslashes = 0;
    for (int i = pattern.length() - 2; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1 ? pattern : pattern.substring(0, pattern.length() - 1) + "\\z";
  }

  private static Set<String> publicOperations(JsonObject doc) {
    Set<String> out = new HashSet<>();
    doc.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject o && o.getValue("security") instanceof JsonArray a && a.isEmpty()) {
        out.add(o.getString("operationId"));
      }
    }));
    return out;
  }
}
