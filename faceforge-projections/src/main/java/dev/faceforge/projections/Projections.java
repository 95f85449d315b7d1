package dev.faceforge.projections;

import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps query tables in step with the code: tables built by another projection schema version (or
 * missing while the log has events) are rebuilt from the log before the store opens.
 */
public final class Projections {
  private Projections() {
  }

  /** Rebuilds when needed; returns the number of events replayed, or -1 when nothing had to be done. */
  public static long ensureCurrent(Path dbFile) {
    if (!Files.exists(dbFile)) {
      return -1;
    }
    try (Connection c = Sqlite.openWriter(dbFile, Durability.FULL)) {
      int built = CoreProjector.builtVersion(c);
      boolean hasLog = Sql.queryString(c,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'") != null;
      if (built == CoreProjector.SCHEMA_VERSION || !hasLog) {
        return -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect " + dbFile + ": " + e.getMessage(), e);
    }
    return Rebuilder.rebuild(dbFile);
  }
}
