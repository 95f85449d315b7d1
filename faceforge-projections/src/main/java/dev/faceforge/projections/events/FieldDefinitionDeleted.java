package dev.faceforge.projections.events;

/** A field definition was removed; values already stored under its key stay as they are. */
public record FieldDefinitionDeleted(String fieldKey) implements DomainEvent {
  public static final String TYPE = "field_definition.deleted";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.fieldDefinition(fieldKey);
  }
}
