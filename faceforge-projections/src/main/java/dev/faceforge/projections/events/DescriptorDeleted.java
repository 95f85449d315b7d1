package dev.faceforge.projections.events;

/** A descriptor was removed (its history stays in the log). */
public record DescriptorDeleted(String descriptorId, String entityId) implements DomainEvent {
  public static final String TYPE = "descriptor.deleted";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.descriptor(descriptorId);
  }
}
