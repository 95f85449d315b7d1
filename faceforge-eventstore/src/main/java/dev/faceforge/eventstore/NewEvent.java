package dev.faceforge.eventstore;

import java.util.Objects;

/**
 * An event not yet appended: its id (the idempotency key of the append), its type, its JSON
 * {@code data} and its metadata. The stream, version, position, time and hash are assigned on append.
 */
public record NewEvent(String eventId, String type, String data, EventMetadata metadata) {

  public NewEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** A new event with a fresh, time-ordered id ({@link EventIds}). */
  public static NewEvent of(String type, String data, EventMetadata metadata) {
    return new NewEvent(EventIds.next(), type, data, metadata);
  }
}
