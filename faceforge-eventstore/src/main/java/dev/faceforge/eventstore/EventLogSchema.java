package dev.faceforge.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one append-only table. {@code UNIQUE(stream_id, stream_version)} is the concurrency guard of
 * last resort; {@code event_id UNIQUE} is the idempotency guard.
 */
final class EventLogSchema {
  private EventLogSchema() {
  }

  static void create(Connection c) throws SQLException {
    Sqlite.exec(c, """
        CREATE TABLE IF NOT EXISTS events (
          position       INTEGER PRIMARY KEY,
          event_id       TEXT    NOT NULL UNIQUE,
          stream_id      TEXT    NOT NULL,
          stream_version INTEGER NOT NULL,
          type           TEXT    NOT NULL,
          time           TEXT    NOT NULL,
          data           TEXT    NOT NULL,
          metadata       TEXT    NOT NULL,
          hash           TEXT    NOT NULL,
          UNIQUE (stream_id, stream_version)
        )""");
    Sqlite.exec(c, "CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position)");
  }
}
