package dev.faceforge.verticles.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an OpenAPI validation failure into a 400 that names each offending field with the specific
 * reason: the deepest errors of the schema output, not the validator's wrapper messages such as "a
 * subschema had errors". A property the schema does not know is named as such; a parameter is named
 * by its own name (the validator reports its value as the root, {@code #}).
 */
final class ValidationProblems {
  private static final String ADDITIONAL = "does not match additional properties schema";
  private static final List<String> WRAPPERS = List.of("subschema had errors", "sub-schema had errors",
      "does not match schema", "did not match schema", "does not match every subschema",
      "does not match any subschemas", "does not match exactly one subschema", "does not match \"then\" schema",
      "does not match \"else\" schema", ADDITIONAL);
  private static final Pattern PARAMETER = Pattern.compile("^The value of \\w+ parameter (\\S+) is invalid");
  private static final Pattern REQUIRED = Pattern.compile("^Instance does not have required property \"(.+)\"$");

  private ValidationProblems() {
  }

  static Problem of(ValidatorException v) {
    if (!(v instanceof SchemaValidationException s) || s.getOutputUnit() == null) {
      return new Problem(400, "invalid-request", "Invalid request", v.getMessage(), List.of());
    }
    Matcher parameter = PARAMETER.matcher(String.valueOf(v.getMessage()));
    String root = parameter.find() ? parameter.group(1) : "body";
    List<OutputUnit> leaves = new ArrayList<>();
    collect(s.getOutputUnit(), leaves);
    List<Problem.FieldError> errors = new ArrayList<>();
    reasons(leaves).forEach((location, message) -> errors.add(named(root, location, message)));
    String detail = errors.isEmpty() ? v.getMessage()
        : "invalid request: " + errors.get(0).field() + ": " + errors.get(0).message()
            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    return new Problem(400, "invalid-request", "Invalid request", detail, errors);
  }

  private static void collect(OutputUnit u, List<OutputUnit> out) {
    List<OutputUnit> children = u.getErrors();
    if (children != null && !children.isEmpty()) {
      children.forEach(c -> collect(c, out));
    } else if (u.getError() != null) {
      out.add(u);
    }
  }

  /**
   * Location -> reason, for the locations no deeper error explains: the first specific message there, else
   * "is not a known property" for a property only an {@code additionalProperties: false} refused.
   */
  private static Map<String, String> reasons(List<OutputUnit> leaves) {
    Map<String, String> specific = new LinkedHashMap<>();
    Map<String, String> wrapped = new LinkedHashMap<>();
    for (OutputUnit u : leaves) {
      String location = u.getInstanceLocation() == null ? "#" : u.getInstanceLocation();
      String error = u.getError();
      if (WRAPPERS.stream().noneMatch(error::contains)) {
        specific.putIfAbsent(location, error);
      } else {
        wrapped.putIfAbsent(location, error.contains(ADDITIONAL) ? "is not a known property" : error);
      }
    }
    wrapped.keySet().removeAll(specific.keySet());
    Map<String, String> all = new LinkedHashMap<>(specific);
    all.putAll(wrapped);
    all.keySet().removeIf(location -> all.keySet().stream().anyMatch(other -> other.startsWith(location + "/")));
    return all;
  }

  private static Problem.FieldError named(String root, String location, String message) {
    Matcher required = REQUIRED.matcher(message);
    if (required.matches()) {
      return new Problem.FieldError(field(root, location + "/" + required.group(1)), "is required");
    }
    return new Problem.FieldError(field(root, location), message);
  }

  /** {@code #/items/3/external_ids} -> {@code items[3].external_ids}; the root is {@code root}. */
  static String field(String root, String instanceLocation) {
    String p = instanceLocation == null ? "" : instanceLocation.replaceFirst("^#?/?", "");
    if (p.isEmpty()) {
      return root;
    }
    String path = p.replaceAll("(^|/)(\\d+)(?=/|$)", "$1[$2]").replace("/[", "[").replace('/', '.')
        .replace("~1", "/").replace("~0", "~");
    boolean body = root.equals("body");
    return body ? path : root + (path.startsWith("[") ? "" : ".") + path;
  }
}
