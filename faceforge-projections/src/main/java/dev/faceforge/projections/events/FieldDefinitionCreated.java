package dev.faceforge.projections.events;

/** A field definition was created; {@code definition} is its complete new state. */
public record FieldDefinitionCreated(FieldDefinition definition) implements DomainEvent {
  public static final String TYPE = "field_definition.created";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.fieldDefinition(definition.fieldKey());
  }
}
