package dev.faceforge.verticles.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operations of the OpenAPI document served by a running server, with a sample request path for each. */
final class Operations {
  /** Path parameter values that pass validation (and name nothing that exists). */
  private static final Map<String, String> SAMPLE_PARAMS = Map.of(
      "entity_id", "1".repeat(64),
      "descriptor_id", "2".repeat(64),
      "relationship_id", "3".repeat(64),
      "field_key", "sample_key",
      "asset_id", "4".repeat(64),
      "job_id", "5".repeat(64),
      "file", "swagger-ui.css");

  /** One operation: its id, HTTP method, templated path, whether it is public and whether it takes a body. */
  record Operation(String id, String method, String path, boolean isPublic, boolean hasBody) {
    /** The path with every {@code {param}} replaced by a valid sample value (naming nothing that exists). */
    String samplePath() {
      return path(SAMPLE_PARAMS);
    }

    /** The path with every {@code {param}} replaced by its value in {@code values}. */
    String path(Map<String, String> values) {
      String p = path;
      for (Map.Entry<String, String> e : values.entrySet()) {
        p = p.replace("{" + e.getKey() + "}", e.getValue());
      }
      if (p.contains("{")) {
        throw new IllegalStateException("no sample value for a parameter of " + path);
      }
      return p;
    }
  }

  private Operations() {
  }

  /** Every operation of {@code document} (the JSON form of the contract). */
  static List<Operation> of(JsonObject document) {
    List<Operation> out = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        boolean isPublic = op.getValue("security") instanceof JsonArray a && a.isEmpty();
        out.add(new Operation(op.getString("operationId"), method.toUpperCase(java.util.Locale.ROOT), path,
            isPublic, op.containsKey("requestBody")));
      }
    }
    return out;
  }
}
