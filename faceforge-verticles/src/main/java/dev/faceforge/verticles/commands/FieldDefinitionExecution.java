package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.FieldDefinition;
import dev.faceforge.projections.events.FieldDefinitionCreated;
import dev.faceforge.projections.events.FieldDefinitionDeleted;
import dev.faceforge.projections.events.FieldDefinitionUpdated;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.FieldDefinitionCommand.ChangeFieldDefinition;
import dev.faceforge.verticles.commands.FieldDefinitionCommand.DefineField;
import dev.faceforge.verticles.commands.FieldDefinitionCommand.RemoveFieldDefinition;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;

/** Executes field-definition commands on the writer. */
final class FieldDefinitionExecution {
  private FieldDefinitionExecution() {
  }

  static Outcome execute(Session s, FieldDefinitionCommand command) throws SQLException {
    if (command instanceof DefineField c) {
      FieldDefinition def = FieldDefinitionDecider.define(c.body());
      if (ProjectionState.fieldDefinition(s.connection(), def.fieldKey()) != null) {
        throw Problem.conflict("field " + def.fieldKey() + " is already defined");
      }
      // a key deleted earlier keeps its stream: continue it rather than collide with its old versions
      long version = s.session().streamVersion(new FieldDefinitionCreated(def).streamId());
      s.append(new FieldDefinitionCreated(def), ExpectedVersion.exactly(version));
      return Outcome.created(document(s, def.fieldKey()));
    }
    String key = command instanceof ChangeFieldDefinition c ? c.fieldKey() : ((RemoveFieldDefinition) command).fieldKey();
    ObjectNode current = document(s, key);
    if (current == null) {
      throw Problem.notFound("no field definition " + key);
    }
    if (command instanceof ChangeFieldDefinition c) {
      CommandHandler.expect(c.expectedVersion(), current, "the field definition");
      FieldDefinition before = ProjectionState.fieldDefinition(s.connection(), key);
      FieldDefinition after = FieldDefinitionDecider.change(before, c.patch());
      if (after.equals(before)) {
        return Outcome.of(current);
      }
      s.append(new FieldDefinitionUpdated(after), CommandHandler.at(current));
      return Outcome.of(document(s, key));
    }
    CommandHandler.expect(((RemoveFieldDefinition) command).expectedVersion(), current, "the field definition");
    s.append(new FieldDefinitionDeleted(key), CommandHandler.at(current));
    return Outcome.of(null);
  }

  private static ObjectNode document(Session s, String key) throws SQLException {
    return ProjectionState.fieldDefinitionDocument(s.connection(), key);
  }
}
