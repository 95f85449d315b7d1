package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.ValidTime;
import dev.faceforge.projections.events.DescriptorCreated;
import dev.faceforge.projections.events.FieldDefinition;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides descriptor events. A key may be used before it is defined; once a descriptor-scope definition
 * exists for it, values are checked against it. Validity bounds are dates or date-times, from <= to.
 */
final class DescriptorDecider {
  static final Set<String> CREATE = Set.of("key", "value", "valid_from", "valid_to", "note");
  static final Set<String> PATCH = Set.of("value", "valid_from", "valid_to", "note");

  private DescriptorDecider() {
  }

  static DescriptorCreated record(String descriptorId, String entityId, ObjectNode body,
                                  Function<String, FieldDefinition> definitions) {
    Inputs in = new Inputs("");
    in.allowOnly(body, CREATE);
    String key = in.text(body.get("key"), "key", 64, true);
    if (key != null && !Inputs.KEY.matcher(key).matches()) {
      in.error("key", "must be lowercase letters, digits and '_' in dot-separated parts, starting with a letter");
    }
    JsonNode value = body.get("value");
    if (value == null) {
      in.error("value", "is required");
    }
    FieldDefinition def = key == null ? null : definitions.apply(key);
    if (def != null && value != null) {
      FieldValidator.check(in, "value", def, value);
    }
    String from = bound(in, body.get("valid_from"), "valid_from");
    String to = bound(in, body.get("valid_to"), "valid_to");
    checkOrder(in, from, to);
    String note = body.hasNonNull("note") ? in.text(body.get("note"), "note", 4000, false) : null;
    in.check();
    return new DescriptorCreated(descriptorId, entityId, key, value, from, to, note);
  }

  /** The changes {@code patch} makes to {@code current}; empty when nothing changes. */
  static ObjectNode changes(ObjectNode current, ObjectNode patch, FieldDefinition def) {
    Inputs in = new Inputs("");
    in.allowOnly(patch, PATCH);
    ObjectNode next = JsonNodeFactory.instance.objectNode();
    if (patch.has("value")) {
      if (def != null) {
        FieldValidator.check(in, "value", def, patch.get("value"));
      }
      next.set("value", patch.get("value"));
    }
    for (String b : new String[] {"valid_from", "valid_to"}) {
      if (patch.has(b)) {
        next.put(b, bound(in, patch.get(b), b));
      }
    }
    if (patch.has("note")) {
      next.put("note", patch.get("note").isNull() ? null : in.text(patch.get("note"), "note", 4000, false));
    }
    String from = next.has("valid_from") ? textOrNull(next.get("valid_from")) : textOrNull(current.get("valid_from"));
    String to = next.has("valid_to") ? textOrNull(next.get("valid_to")) : textOrNull(current.get("valid_to"));
    checkOrder(in, from, to);
    in.check();
    next.properties().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
    return next;
  }

  private static String bound(Inputs in, JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    String s = n.isTextual() ? n.asText() : "";
    if (!FieldValidator.parses(s, true) && !FieldValidator.parses(s, false)) {
      in.error(field, "must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
      return null;
    }
    return s;
  }

  private static void checkOrder(Inputs in, String from, String to) {
    if (from != null && to != null && ValidTime.fromKey(from).compareTo(ValidTime.toKey(to)) > 0) {
      in.error("valid_to", "must not be before valid_from");
    }
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
