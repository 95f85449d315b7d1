package dev.faceforge.projections.events;

/** A relationship was removed. */
public record RelationshipDeleted(String relationshipId, String sourceEntityId, String targetEntityId, String type)
    implements DomainEvent {
  public static final String TYPE = "relationship.deleted";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.relationship(relationshipId);
  }
}
