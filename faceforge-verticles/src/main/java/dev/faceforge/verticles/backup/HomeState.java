package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.verticles.config.HomeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event log of a home an import is about to fill: {@link #of} refuses a log that has events (an
 * import never merges), and remembers whether the database file existed, so that a failed import can put
 * the home back as it was ({@link #restoreLog}).
 */
final class HomeState {
  private final boolean databaseExisted;

  private HomeState(boolean databaseExisted) {
    this.databaseExisted = databaseExisted;
  }

  static HomeState of(HomeLayout layout) {
    Path db = layout.dbFile();
    if (!Files.exists(db)) {
      return new HomeState(false);
    }
    long events = events(db);
    if (events > 0) {
      throw new BackupException("refusing to import into " + layout.home() + ": its event log already has " + events
          + " events; an import restores into an empty home only (choose a new --home)");
    }
    return new HomeState(true);
  }

  private static long events(Path db) {
    try (Connection c = Sqlite.openReader(db); Statement s = c.createStatement();
         ResultSet table = s.executeQuery(
             "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'")) {
      if (!table.next() || table.getLong(1) == 0) {
        return 0;
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException | EventStoreException e) {
      throw new BackupException("cannot read the database " + db + ": " + e.getMessage(), e);
    }
  }

  /** Removes what an import wrote to the log: the database files it created, or the rows it added. */
  void restoreLog(HomeLayout layout) {
    Path db = layout.dbFile();
    try {
      if (!databaseExisted) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
          Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
      } else if (Files.exists(db)) {
        try (Connection c = Sqlite.openWriter(db, Durability.FULL)) {
          Sqlite.exec(c, "DELETE FROM events");
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      throw new BackupException("the import failed and its log could not be removed from " + db + ": "
          + e.getMessage(), e);
    }
  }

  /** Deletes a folder and everything in it (best effort for files another process holds). */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dir, e);
    }
  }
}
