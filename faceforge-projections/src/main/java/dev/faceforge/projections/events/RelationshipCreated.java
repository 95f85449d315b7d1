package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A typed, directed relationship between two entities was recorded. */
public record RelationshipCreated(String relationshipId, String sourceEntityId, String targetEntityId, String type,
                                  ObjectNode fields) implements DomainEvent {
  public static final String TYPE = "relationship.created";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.relationship(relationshipId);
  }
}
