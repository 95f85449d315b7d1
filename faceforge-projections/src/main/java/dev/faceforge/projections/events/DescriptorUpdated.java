package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Some properties of a descriptor changed; {@code changes} holds the complete new value of each. */
public record DescriptorUpdated(String descriptorId, String entityId, ObjectNode changes) implements DomainEvent {
  public static final String TYPE = "descriptor.updated";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.descriptor(descriptorId);
  }
}
