package dev.faceforge.verticles.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an OpenAPI validation failure into a 400 that names each offending field with the specific
 * reason (the leaves of the schema output), not the validator's wrapper messages such as "a subschema
 * had errors".
 */
final class ValidationProblems {
  private static final List<String> WRAPPERS = List.of("subschema had errors", "does not match additional properties",
      "does not match schema", "does not match any");

  private ValidationProblems() {
  }

  static Problem of(ValidatorException v) {
    if (!(v instanceof SchemaValidationException s) || s.getOutputUnit() == null) {
      return new Problem(400, "invalid-request", "Invalid request", v.getMessage(), List.of());
    }
    Map<String, String> byField = new LinkedHashMap<>();
    List<OutputUnit> leaves = new ArrayList<>();
    collect(s.getOutputUnit(), leaves);
    for (OutputUnit u : leaves) {
      byField.putIfAbsent(field(u.getInstanceLocation()), u.getError());
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    byField.forEach((f, m) -> errors.add(new Problem.FieldError(f, m)));
    String detail = errors.isEmpty() ? v.getMessage()
        : "invalid request: " + errors.get(0).field() + ": " + errors.get(0).message()
            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    return new Problem(400, "invalid-request", "Invalid request", detail, errors);
  }

  private static void collect(OutputUnit u, List<OutputUnit> out) {
    List<OutputUnit> children = u.getErrors();
    if (children != null && !children.isEmpty()) {
      children.forEach(c -> collect(c, out));
    } else if (u.getError() != null && WRAPPERS.stream().noneMatch(w -> u.getError().contains(w))) {
      out.add(u);
    }
  }

  /** {@code #/items/3/external_ids} -> {@code items[3].external_ids}; the root is {@code body}. */
  static String field(String instanceLocation) {
    if (instanceLocation == null) {
      return "body";
    }
    String p = instanceLocation.replaceFirst("^#?/?", "");
    if (p.isEmpty()) {
      return "body";
    }
    return p.replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.').replace("~1", "/").replace("~0", "~");
  }
}
