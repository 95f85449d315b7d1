package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.RelationshipCreated;
import dev.faceforge.projections.events.RelationshipDeleted;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.commands.RelationshipCommand.RelateEntities;
import dev.faceforge.verticles.commands.RelationshipCommand.RemoveRelationship;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Executes relationship commands: both entities must exist, one relationship per (source, type, target). */
final class RelationshipExecution {
  private RelationshipExecution() {
  }

  static Outcome execute(Session s, RelationshipCommand command) throws SQLException {
    if (command instanceof RelateEntities c) {
      RelationshipCreated event = RelationshipDecider.relate(c.relationshipId(), c.body());
      List<Problem.FieldError> missing = new ArrayList<>();
      requireLive(s, event.sourceEntityId(), "source_entity_id", missing);
      requireLive(s, event.targetEntityId(), "target_entity_id", missing);
      if (!missing.isEmpty()) {
        throw Problem.invalid(missing);
      }
      String existing = ProjectionState.relationshipId(s.connection(), event.sourceEntityId(),
          event.targetEntityId(), event.type());
      if (existing != null) {
        throw Problem.conflict("this relationship already exists: " + existing);
      }
      s.append(event, ExpectedVersion.noStream());
      return Outcome.created(ProjectionState.relationship(s.connection(), c.relationshipId()));
    }
    RemoveRelationship c = (RemoveRelationship) command;
    ObjectNode current = ProjectionState.relationship(s.connection(), c.relationshipId());
    if (current == null) {
      throw Problem.notFound("no relationship " + c.relationshipId());
    }
    CommandHandler.expect(c.expectedVersion(), current, "the relationship");
    s.append(new RelationshipDeleted(c.relationshipId(), current.get("source_entity_id").asText(),
        current.get("target_entity_id").asText(), current.get("type").asText()), CommandHandler.at(current));
    return Outcome.of(null);
  }

  private static void requireLive(Session s, String entityId, String field, List<Problem.FieldError> missing)
      throws SQLException {
    ObjectNode e = CommandHandler.entity(s, entityId);
    if (e == null || !e.get("deleted_at").isNull()) {
      missing.add(new Problem.FieldError(field, "no entity " + entityId));
    }
  }
}
