package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.EntityCreated;
import dev.faceforge.projections.events.EntityDeleted;
import dev.faceforge.projections.events.EntityUpdated;
import dev.faceforge.projections.events.FieldDefinition;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides entity events from a command and current state. Fields are checked against the entity-scope
 * definitions: all of them on create, only the touched keys on patch (records written before a key was
 * defined need no change). External ids must not belong to another entity.
 */
final class EntityDecider {
  static final Set<String> PROPERTIES = Set.of("display_name", "aliases", "tags", "fields",
      "primary_thumbnail_asset_id", "plugin_data", "external_ids");

  /** Who holds an external id now (null: nobody). */
  interface Owners {
    String owner(String namespace, String externalId) throws SQLException;
  }

  private EntityDecider() {
  }

  static EntityCreated create(String entityId, ObjectNode body, String prefix, List<FieldDefinition> defs,
                              Owners owners) throws SQLException {
    Inputs in = new Inputs(prefix);
    in.allowOnly(body, PROPERTIES);
    String name = in.text(body.get("display_name"), "display_name", 500, true);
    List<String> aliases = in.strings(body.get("aliases"), "aliases", 500, 1000);
    List<String> tags = in.strings(body.get("tags"), "tags", 200, 1000);
    ObjectNode fields = withoutNulls(in.object(body.get("fields"), "fields"));
    for (FieldDefinition def : defs) {
      FieldValidator.check(in, "fields." + def.fieldKey(), def, fields.get(def.fieldKey()));
    }
    String thumb = in.id(body.get("primary_thumbnail_asset_id"), "primary_thumbnail_asset_id", false);
    ObjectNode pluginData = withoutNulls(in.pluginData(body.get("plugin_data"), "plugin_data"));
    Map<String, String> externalIds = in.externalIds(body.get("external_ids"), "external_ids", false);
    in.check();
    checkOwners(externalIds, entityId, owners);
    return new EntityCreated(entityId, name, aliases, tags, fields, thumb, pluginData, externalIds);
  }

  /** The changes a merge patch makes to {@code current}; empty when it changes nothing. */
  static ObjectNode changes(ObjectNode current, ObjectNode patch, String prefix, List<FieldDefinition> defs,
                            Owners owners) throws SQLException {
    Inputs in = new Inputs(prefix);
    in.allowOnly(patch, PROPERTIES);
    ObjectNode next = JsonNodeFactory.instance.objectNode();
    if (patch.has("display_name")) {
      next.put("display_name", in.text(patch.get("display_name"), "display_name", 500, true));
    }
    if (patch.has("aliases")) {
      next.set("aliases", strings(in.strings(patch.get("aliases"), "aliases", 500, 1000)));
    }
    if (patch.has("tags")) {
      next.set("tags", strings(in.strings(patch.get("tags"), "tags", 200, 1000)));
    }
    if (patch.has("primary_thumbnail_asset_id")) {
      next.put("primary_thumbnail_asset_id", in.id(patch.get("primary_thumbnail_asset_id"),
          "primary_thumbnail_asset_id", false));
    }
    mergeFields(in, current, patch, next, defs);
    if (patch.has("plugin_data")) {
      in.pluginData(patch.get("plugin_data"), "plugin_data");
      next.set("plugin_data", merged(current.get("plugin_data"), patch.get("plugin_data")));
    }
    if (patch.has("external_ids") && patch.get("external_ids").isNull()) {
      next.set("external_ids", JsonNodeFactory.instance.objectNode());
    } else if (patch.has("external_ids")) {
      Map<String, String> ids = in.externalIds(patch.get("external_ids"), "external_ids", true);
      in.check();
      next.set("external_ids", merged(current.get("external_ids"), patch.get("external_ids")));
      ids.values().removeIf(v -> v == null);
      checkOwners(ids, current.get("entity_id").asText(), owners);
    }
    in.check();
    next.properties().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
    return next;
  }

  static EntityUpdated updated(String entityId, ObjectNode changes) {
    return new EntityUpdated(entityId, changes);
  }

  static EntityDeleted delete(String entityId) {
    return new EntityDeleted(entityId);
  }

  private static void mergeFields(Inputs in, ObjectNode current, ObjectNode patch, ObjectNode next,
                                  List<FieldDefinition> defs) {
    if (!patch.has("fields")) {
      return;
    }
    JsonNode fieldsPatch = patch.get("fields");
    if (fieldsPatch.isNull()) {
      fieldsPatch = JsonNodeFactory.instance.objectNode();
      for (FieldDefinition def : defs) {
        if (current.path("fields").has(def.fieldKey())) {
          FieldValidator.check(in, "fields." + def.fieldKey(), def, null);
        }
      }
      next.set("fields", fieldsPatch);
      return;
    }
    if (!fieldsPatch.isObject()) {
      in.error("fields", "must be an object");
      return;
    }
    for (FieldDefinition def : defs) {
      if (fieldsPatch.has(def.fieldKey())) {
        FieldValidator.check(in, "fields." + def.fieldKey(), def, fieldsPatch.get(def.fieldKey()));
      }
    }
    next.set("fields", merged(current.get("fields"), fieldsPatch));
  }

  /** Merge-patches an object property; a null patch resets it to an empty object. */
  private static JsonNode merged(JsonNode current, JsonNode patch) {
    return patch.isNull() ? JsonNodeFactory.instance.objectNode() : MergePatch.apply(current, patch);
  }

  private static void checkOwners(Map<String, String> externalIds, String entityId, Owners owners)
      throws SQLException {
    for (Map.Entry<String, String> e : externalIds.entrySet()) {
      String owner = owners.owner(e.getKey(), e.getValue());
      if (owner != null && !owner.equals(entityId)) {
        throw Problem.conflict("external id " + e.getKey() + ":" + e.getValue() + " already belongs to entity "
            + owner);
      }
    }
  }

  private static JsonNode strings(List<String> values) {
    var a = JsonNodeFactory.instance.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static ObjectNode withoutNulls(ObjectNode o) {
    o.properties().removeIf(e -> e.getValue().isNull());
    return o;
  }
}
