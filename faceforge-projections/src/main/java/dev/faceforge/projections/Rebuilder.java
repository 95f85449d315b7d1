package dev.faceforge.projections;

import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.Sqlite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Drops the query tables of a database and replays the whole event log into fresh ones, in one
 * transaction (all or nothing). Must not run while a server has the database open for writing.
 */
public final class Rebuilder {
  private Rebuilder() {
  }

  /** Rebuilds the query tables of the SQLite file {@code dbFile}; returns the number of events replayed. */
  public static long rebuild(Path dbFile) {
    return rebuild(dbFile, CoreProjector.forRebuild());
  }

  /** Rebuilds with {@code projector}. */
  public static long rebuild(Path dbFile, CoreProjector projector) {
    try (Connection c = Sqlite.openWriter(dbFile, dev.faceforge.eventstore.Durability.FULL);
         EventReader reader = EventReader.open(dbFile)) {
      Sqlite.exec(c, "PRAGMA synchronous = OFF");
      Sqlite.exec(c, "BEGIN IMMEDIATE");
      try {
        projector.dropSchema(c);
        projector.createSchema(c);
        long n = replay(c, reader, projector);
        projector.finish(c);
        Sqlite.exec(c, "COMMIT");
        Sqlite.exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        return n;
      } catch (SQLException | RuntimeException e) {
        Sqlite.exec(c, "ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw new EventStoreException("rebuild of " + dbFile + " failed: " + e.getMessage(), e);
    }
  }

  private static long replay(Connection c, EventReader reader, CoreProjector projector) {
    return reader.forEach(0, Long.MAX_VALUE, e -> {
      try {
        projector.apply(c, e);
      } catch (SQLException ex) {
        throw new EventStoreException("replaying event " + e.position() + " (" + e.type() + ") failed", ex);
      }
    });
  }
}
