package dev.faceforge.projections.events;

/**
 * Every event type FaceForge appends, as a sealed set of past-tense records. Their JSON (snake_case)
 * is the {@code data} of the log row and part of the public contract: add fields, never repurpose them.
 */
public sealed interface DomainEvent permits EntityCreated, EntityUpdated, EntityDeleted,
    FieldDefinitionCreated, FieldDefinitionUpdated, FieldDefinitionDeleted,
    DescriptorCreated, DescriptorUpdated, DescriptorDeleted,
    RelationshipCreated, RelationshipDeleted,
    AssetCreated, AssetUpdated, AssetDeleted, AssetLinked, AssetUnlinked,
    JobEvent {

  /** The log type (not a property of the event), e.g. {@code entity.created}. */
  String eventType();

  /** The stream the event belongs to, e.g. {@code entity:<id>}. */
  String streamId();
}
