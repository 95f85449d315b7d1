package dev.faceforge.eventstore;

import java.sql.SQLException;

/**
 * The one place where SQLite constraint errors on {@code events} become domain answers: a taken
 * {@code (stream_id, stream_version)} is a concurrency conflict, a taken {@code event_id} a duplicate.
 */
final class Constraints {
  private Constraints() {
  }

  static RuntimeException translate(SQLException e, String streamId, long expectedVersion) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("UNIQUE constraint failed: events.stream_id")) {
      return new WrongExpectedVersionException(streamId, ExpectedVersion.exactly(expectedVersion), -1);
    }
    if (m.contains("UNIQUE constraint failed: events.event_id")) {
      return new DuplicateEventException("event id already used: " + m);
    }
    return new EventStoreException("append to " + streamId + " failed: " + m, e);
  }
}
