package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Some top-level properties of an entity changed; {@code changes} holds the complete new value of
 * each changed property (e.g. the whole new {@code fields} object), and nothing else.
 */
public record EntityUpdated(String entityId, ObjectNode changes) implements DomainEvent {
  public static final String TYPE = "entity.updated";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.entity(entityId);
  }
}
