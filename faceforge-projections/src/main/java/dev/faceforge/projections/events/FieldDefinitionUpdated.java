package dev.faceforge.projections.events;

/** A field definition was updated; {@code definition} is its complete new state. */
public record FieldDefinitionUpdated(FieldDefinition definition) implements DomainEvent {
  public static final String TYPE = "field_definition.updated";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.fieldDefinition(definition.fieldKey());
  }
}
