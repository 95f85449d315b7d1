package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Commands on relationships between entities. */
public sealed interface RelationshipCommand extends Command {

  /** Relate two entities; {@code relationshipId} is the new relationship's id. */
  record RelateEntities(String relationshipId, ObjectNode body) implements RelationshipCommand {
  }

  /** Remove a relationship. */
  record RemoveRelationship(String relationshipId, Long expectedVersion) implements RelationshipCommand {
  }
}
