package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.RelationshipCreated;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a relationship body: two different entity ids, a type (lower-cased) and optional fields.
 * Whether both entities exist, and whether the same relationship already exists, is the executor's
 * state check.
 */
final class RelationshipDecider {
  static final Set<String> PROPERTIES = Set.of("source_entity_id", "target_entity_id", "type", "fields");
  static final Pattern TYPE = Pattern.compile("^[a-z0-9][a-z0-9_.:-]{0,63}$");

  private RelationshipDecider() {
  }

  static RelationshipCreated relate(String relationshipId, ObjectNode body) {
    Inputs in = new Inputs("");
    in.allowOnly(body, PROPERTIES);
    String source = in.id(body.get("source_entity_id"), "source_entity_id", true);
    String target = in.id(body.get("target_entity_id"), "target_entity_id", true);
    if (source != null && source.equals(target)) {
      in.error("target_entity_id", "must differ from source_entity_id");
    }
    String type = in.text(body.get("type"), "type", 64, true);
    if (type != null) {
      type = type.toLowerCase(Locale.ROOT).replace(' ', '_');
      if (!TYPE.matcher(type).matches()) {
        in.error("type", "must be lowercase letters, digits, '_', '.', ':', '-' (max 64)");
      }
    }
    ObjectNode fields = in.object(body.get("fields"), "fields");
    in.check();
    return new RelationshipCreated(relationshipId, source, target, type, fields);
  }
}
