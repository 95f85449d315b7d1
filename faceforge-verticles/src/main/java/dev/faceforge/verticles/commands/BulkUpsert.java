package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.FieldDefinition;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Bulk upsert by external ids, item by item, in order, inside one writer transaction: an item whose
 * external ids match no entity creates one, one entity is merge-patched (new external ids attached),
 * two different entities is a conflict. A failing item changes nothing and does not stop the others.
 */
final class BulkUpsert {
  private BulkUpsert() {
  }

  static ObjectNode run(Session s, ArrayNode items, List<FieldDefinition> defs, EntityDecider.Owners owners)
      throws SQLException {
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    int[] counts = new int[4];
    for (int i = 0; i < items.size(); i++) {
      ObjectNode r;
      try {
        r = upsert(s, i, items.get(i), defs, owners);
      } catch (Problem p) {
        r = EntityExecution.result(i, "failed", null);
        r.set("error", error(p));
      }
      results.add(r);
      counts[List.of("created", "updated", "unchanged", "failed").indexOf(r.get("status").asText())]++;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("items", results);
    out.put("created", counts[0]);
    out.put("updated", counts[1]);
    out.put("unchanged", counts[2]);
    out.put("failed", counts[3]);
    return out;
  }

  private static ObjectNode upsert(Session s, int i, JsonNode item, List<FieldDefinition> defs,
                                   EntityDecider.Owners owners) throws SQLException {
    String prefix = "items[" + i + "].";
    if (!item.isObject()) {
      throw Problem.invalid(prefix.substring(0, prefix.length() - 1), "must be an object");
    }
    Inputs in = new Inputs(prefix);
    Map<String, String> externalIds = in.externalIds(item.get("external_ids"), "external_ids", false);
    if (externalIds.isEmpty() && in.errors().isEmpty()) {
      in.error("external_ids", "at least one external id is required to upsert");
    }
    in.check();
    TreeSet<String> matched = new TreeSet<>();
    for (Map.Entry<String, String> e : externalIds.entrySet()) {
      String owner = owners.owner(e.getKey(), e.getValue());
      if (owner != null) {
        matched.add(owner);
      }
    }
    if (matched.size() > 1) {
      throw Problem.conflict("the external ids of this item belong to different entities: " + matched);
    }
    if (matched.isEmpty()) {
      String id = Ids.newId();
      s.append(EntityDecider.create(id, (ObjectNode) item, prefix, defs, owners), ExpectedVersion.noStream());
      return EntityExecution.result(i, "created", id);
    }
    return update(s, i, (ObjectNode) item, matched.first(), prefix, defs, owners);
  }

  private static ObjectNode update(Session s, int i, ObjectNode item, String entityId, String prefix,
                                   List<FieldDefinition> defs, EntityDecider.Owners owners) throws SQLException {
    ObjectNode current = ProjectionState.entity(s.connection(), entityId);
    if (EntityExecution.isDeleted(current)) {
      throw Problem.conflict("entity " + entityId + " matched by these external ids is deleted");
    }
    ObjectNode changes = EntityDecider.changes(current, item, prefix, defs, owners);
    if (changes.isEmpty()) {
      return EntityExecution.result(i, "unchanged", entityId);
    }
    s.append(EntityDecider.updated(entityId, changes), CommandHandler.at(current));
    return EntityExecution.result(i, "updated", entityId);
  }

  private static ObjectNode error(Problem p) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("type", p.type());
    e.put("title", p.title());
    e.put("status", p.status());
    e.put("detail", p.getMessage());
    if (!p.errors().isEmpty()) {
      ArrayNode errors = e.putArray("errors");
      p.errors().forEach(fe -> errors.addObject().put("field", fe.field()).put("message", fe.message()));
    }
    return e;
  }
}
