package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.http.Problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Normalizes and checks raw JSON input, collecting every problem (with its field path) instead of
 * stopping at the first, so one 422 names everything that is wrong.
 */
final class Inputs {
  static final Pattern ID = Pattern.compile("^[0-9a-f]{64}$");
  /** External-id namespaces and plugin ids: the contract's ExternalIdNamespace pattern. */
  static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9][a-z0-9_.:-]{0,63}$");
  static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$");

  private final List<FieldError> errors = new ArrayList<>();
  private final String prefix;

  Inputs(String prefix) {
    this.prefix = prefix;
  }

  void error(String field, String message) {
    errors.add(new FieldError(prefix + field, message));
  }

  List<FieldError> errors() {
    return errors;
  }

  String text(JsonNode node, String field, int maxLength, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!node.isTextual()) {
      error(field, "must be a string");
      return null;
    }
    String v = node.asText().strip();
    if (v.isEmpty() || v.length() > maxLength) {
      error(field, "must be 1-" + maxLength + " characters");
      return null;
    }
    return v;
  }

  /** Trimmed, non-empty, de-duplicated (first occurrence wins) strings. */
  List<String> strings(JsonNode node, String field, int maxLength, int maxItems) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > maxItems) {
      error(field, "must be an array of at most " + maxItems + " strings");
      return List.of();
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String v = text(node.get(i), field + "[" + i + "]", maxLength, true);
      if (v != null) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  ObjectNode object(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      error(field, "must be an object");
      return JsonNodeFactory.instance.objectNode();
    }
    return (ObjectNode) node.deepCopy();
  }

  /** Plugin data: keys are plugin ids, values objects. */
  ObjectNode pluginData(JsonNode node, String field) {
    ObjectNode o = object(node, field);
    o.fields().forEachRemaining(e -> {
      if (!NAMESPACE.matcher(e.getKey()).matches()) {
        error(field + "." + e.getKey(), "plugin ids are lowercase letters, digits, '_', '.', ':', '-' (max 64)");
      } else if (!e.getValue().isObject() && !e.getValue().isNull()) {
        error(field + "." + e.getKey(), "must be an object (or null to remove it)");
      }
    });
    return o;
  }

  /** External ids: namespace -> id string (null values allowed only where the caller removes keys). */
  Map<String, String> externalIds(JsonNode node, String field, boolean allowNull) {
    Map<String, String> out = new TreeMap<>();
    object(node, field).fields().forEachRemaining(e -> {
      String key = field + "." + e.getKey();
      if (!NAMESPACE.matcher(e.getKey()).matches()) {
        error(key, "namespaces are lowercase letters, digits, '_', '.', ':', '-' (max 64)");
      } else if (e.getValue().isNull() && allowNull) {
        out.put(e.getKey(), null);
      } else {
        String id = e.getValue().isNumber() ? e.getValue().asText() : text(e.getValue(), key, 256, true);
        if (id != null) {
          out.put(e.getKey(), id);
        }
      }
    });
    return out;
  }

  String id(JsonNode node, String field, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!node.isTextual() || !ID.matcher(node.asText()).matches()) {
      error(field, "must be a 64-character lowercase hex id");
      return null;
    }
    return node.asText();
  }

  void allowOnly(ObjectNode body, java.util.Set<String> allowed) {
    body.fieldNames().forEachRemaining(n -> {
      if (!allowed.contains(n)) {
        error(n, "is not a known property");
      }
    });
  }

  /** Throws the collected problems as one 422. */
  void check() {
    if (!errors.isEmpty()) {
      throw dev.faceforge.verticles.http.Problem.invalid(errors);
    }
  }
}
