package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.JsonNode;

/** A fact about an entity was recorded, optionally valid only between {@code validFrom} and {@code validTo}. */
public record DescriptorCreated(String descriptorId, String entityId, String key, JsonNode value, String validFrom,
                                String validTo, String note) implements DomainEvent {
  public static final String TYPE = "descriptor.created";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.descriptor(descriptorId);
  }
}
