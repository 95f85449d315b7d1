package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.FieldDefinition;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.EntityCommand.CreateEntity;
import dev.faceforge.verticles.commands.EntityCommand.DeleteEntity;
import dev.faceforge.verticles.commands.EntityCommand.PatchEntity;
import dev.faceforge.verticles.commands.EntityCommand.UpsertEntities;
import java.sql.SQLException;
import java.util.List;

/** Executes entity commands on the writer (state in, events out). */
final class EntityExecution {
  private EntityExecution() {
  }

  static Outcome execute(Session s, EntityCommand command) throws SQLException {
    List<FieldDefinition> defs = s.entityDefinitions();
    EntityDecider.Owners owners = (ns, id) -> ProjectionState.entityByExternalId(s.connection(), ns, id);
    if (command instanceof CreateEntity c) {
      s.append(EntityDecider.create(c.entityId(), c.body(), "", defs, owners), ExpectedVersion.noStream());
      return Outcome.created(CommandHandler.entity(s, c.entityId()));
    }
    if (command instanceof PatchEntity c) {
      ObjectNode current = CommandHandler.live(CommandHandler.entity(s, c.entityId()), c.entityId());
      CommandHandler.expect(c.expectedVersion(), current, "the entity");
      ObjectNode changes = EntityDecider.changes(current, c.patch(), "", defs, owners);
      if (changes.isEmpty()) {
        return Outcome.of(current);
      }
      s.append(EntityDecider.updated(c.entityId(), changes), CommandHandler.at(current));
      return Outcome.of(CommandHandler.entity(s, c.entityId()));
    }
    if (command instanceof DeleteEntity c) {
      ObjectNode current = CommandHandler.live(CommandHandler.entity(s, c.entityId()), c.entityId());
      CommandHandler.expect(c.expectedVersion(), current, "the entity");
      s.append(EntityDecider.delete(c.entityId()), CommandHandler.at(current));
      return Outcome.of(null);
    }
    return Outcome.of(BulkUpsert.run(s, ((UpsertEntities) command).items(), defs, owners));
  }

  static ObjectNode result(int index, String status, String entityId) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("index", index);
    r.put("status", status);
    r.put("entity_id", entityId);
    r.putNull("error");
    return r;
  }

  static boolean isDeleted(JsonNode entity) {
    return !entity.get("deleted_at").isNull();
  }
}
