package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.FieldDefinition;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Turns a definition body (create) or a merge patch over the current definition into a complete,
 * checked {@link FieldDefinition}: known scope and type, options for enums, a compilable regex for
 * strings only, min <= max. The key and the scope never change.
 */
final class FieldDefinitionDecider {
  static final Set<String> PROPERTIES = Set.of("field_key", "scope", "type", "label", "description", "required",
      "options", "regex", "min", "max");
  private static final Set<String> SCOPES = Set.of("entity", "descriptor");

  private FieldDefinitionDecider() {
  }

  static FieldDefinition define(ObjectNode body) {
    Inputs in = new Inputs("");
    in.allowOnly(body, PROPERTIES);
    String key = in.text(body.get("field_key"), "field_key", 64, true);
    if (key != null && !Inputs.KEY.matcher(key).matches()) {
      in.error("field_key", "must be lowercase letters, digits and '_' in dot-separated parts, starting with a letter");
    }
    String scope = in.text(body.get("scope"), "scope", 20, false);
    FieldDefinition def = read(in, key, scope == null ? "entity" : scope, body);
    in.check();
    return def;
  }

  static FieldDefinition change(FieldDefinition current, ObjectNode patch) {
    Inputs in = new Inputs("");
    in.allowOnly(patch, PROPERTIES);
    for (String fixed : List.of("field_key", "scope")) {
      JsonNode v = patch.get(fixed);
      String was = fixed.equals("scope") ? current.scope() : current.fieldKey();
      if (v != null && !(v.isTextual() && v.asText().equals(was))) {
        in.error(fixed, "cannot be changed (delete the definition and define a new one)");
      }
    }
    ObjectNode merged = (ObjectNode) MergePatch.apply(
        dev.faceforge.projections.events.DomainEvents.MAPPER.valueToTree(current), patch);
    FieldDefinition def = read(in, current.fieldKey(), current.scope(), merged);
    in.check();
    return def;
  }

  private static FieldDefinition read(Inputs in, String key, String scope, ObjectNode b) {
    if (!SCOPES.contains(scope)) {
      in.error("scope", "must be entity or descriptor");
    }
    String type = in.text(b.get("type"), "type", 20, true);
    if (type != null && !FieldValidator.TYPES.contains(type)) {
      in.error("type", "must be one of " + new java.util.TreeSet<>(FieldValidator.TYPES));
    }
    String label = in.text(b.get("label"), "label", 200, false);
    String description = optionalText(in, b.get("description"), "description", 2000);
    JsonNode required = b.get("required");
    if (required != null && !required.isNull() && !required.isBoolean()) {
      in.error("required", "must be true or false");
    }
    List<String> options = b.hasNonNull("options") ? in.strings(b.get("options"), "options", 200, 1000) : null;
    if ("enum".equals(type) && (options == null || options.isEmpty())) {
      in.error("options", "an enum needs at least one option");
    } else if (options != null && type != null && !"enum".equals(type) && FieldValidator.TYPES.contains(type)) {
      in.error("options", "only applies to enums");
    }
    String regex = in.text(b.get("regex"), "regex", 1000, false);
    if (regex != null && (!"string".equals(type) || FieldValidator.compile(regex) == null)) {
      in.error("regex", "string" .equals(type) ? "is not a valid regular expression" : "only applies to strings");
    }
    BigDecimal min = number(in, b.get("min"), "min");
    BigDecimal max = number(in, b.get("max"), "max");
    if (min != null && max != null && min.compareTo(max) > 0) {
      in.error("min", "must not exceed max");
    }
    return new FieldDefinition(key, scope, type, label, description, required != null && required.asBoolean(),
        options, regex, min, max);
  }

  private static String optionalText(Inputs in, JsonNode n, String field, int max) {
    return n == null || n.isNull() ? null : in.text(n, field, max, false);
  }

  private static BigDecimal number(Inputs in, JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      in.error(field, "must be a number");
      return null;
    }
    return n.decimalValue();
  }
}
