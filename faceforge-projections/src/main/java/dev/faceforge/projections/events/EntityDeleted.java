package dev.faceforge.projections.events;

/** An entity was soft-deleted: hidden from lists and reads, its history kept. */
public record EntityDeleted(String entityId) implements DomainEvent {
  public static final String TYPE = "entity.deleted";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.entity(entityId);
  }
}
