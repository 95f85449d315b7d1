package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.DescriptorDeleted;
import dev.faceforge.projections.events.DescriptorUpdated;
import dev.faceforge.projections.events.FieldDefinition;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.DescriptorCommand.ChangeDescriptor;
import dev.faceforge.verticles.commands.DescriptorCommand.RecordDescriptor;
import dev.faceforge.verticles.commands.DescriptorCommand.RemoveDescriptor;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;

/** Executes descriptor commands on the writer; descriptors of deleted entities cannot be added. */
final class DescriptorExecution {
  private DescriptorExecution() {
  }

  static Outcome execute(Session s, DescriptorCommand command) throws SQLException {
    if (command instanceof RecordDescriptor c) {
      CommandHandler.live(CommandHandler.entity(s, c.entityId()), c.entityId());
      var event = DescriptorDecider.record(c.descriptorId(), c.entityId(), c.body(), key -> definition(s, key));
      s.append(event, ExpectedVersion.noStream());
      return Outcome.created(ProjectionState.descriptor(s.connection(), c.descriptorId()));
    }
    String id = command instanceof ChangeDescriptor c ? c.descriptorId() : ((RemoveDescriptor) command).descriptorId();
    ObjectNode current = ProjectionState.descriptor(s.connection(), id);
    if (current == null) {
      throw Problem.notFound("no descriptor " + id);
    }
    String entityId = current.get("entity_id").asText();
    if (command instanceof ChangeDescriptor c) {
      CommandHandler.expect(c.expectedVersion(), current, "the descriptor");
      ObjectNode changes = DescriptorDecider.changes(current, c.patch(), definition(s, current.get("key").asText()));
      if (changes.isEmpty()) {
        return Outcome.of(current);
      }
      s.append(new DescriptorUpdated(id, entityId, changes), CommandHandler.at(current));
      return Outcome.of(ProjectionState.descriptor(s.connection(), id));
    }
    CommandHandler.expect(((RemoveDescriptor) command).expectedVersion(), current, "the descriptor");
    s.append(new DescriptorDeleted(id, entityId), CommandHandler.at(current));
    return Outcome.of(null);
  }

  /** The descriptor-scope definition of {@code key}, or null (free-form key). */
  private static FieldDefinition definition(Session s, String key) {
    try {
      FieldDefinition def = ProjectionState.fieldDefinition(s.connection(), key);
      return def != null && "descriptor".equals(def.scope()) ? def : null;
    } catch (SQLException e) {
      throw new IllegalStateException("reading field definitions failed", e);
    }
  }
}
