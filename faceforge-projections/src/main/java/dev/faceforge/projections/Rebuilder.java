package dev.faceforge.projections;

import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.Prefetcher;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.projections.events.DomainEvent;
import dev.faceforge.projections.events.DomainEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteConnection;

/**
 * Drops the query tables of a database and replays the whole event log into fresh ones, in one
 * transaction (all or nothing). Must not run while a server has the database open for writing.
 *
 * <p>Two threads share the work: a decoder reads the log and parses each event's data while the calling
 * thread projects the events it already has (SQLite takes one writer, so the projecting stays on one
 * connection and one thread).
 */
public final class Rebuilder {
  /** Page cache of the rebuild's connection (negative: KiB): the tables stay in memory while they are built. */
  private static final int CACHE_KIB = -262_144;

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
      // all or nothing, so nothing needs to be durable before the commit; the final checkpoint syncs
      // (at synchronous = FULL again: with OFF it would truncate the WAL without syncing the database)
      Sqlite.exec(c, "PRAGMA synchronous = OFF");
      Sqlite.exec(c, "PRAGMA cache_size = " + CACHE_KIB);
      Sqlite.exec(c, "PRAGMA threads = 2"); // SQLite may sort with a helper thread (the index builds at the end)
      // the driver's own transaction (BEGIN IMMEDIATE): in auto-commit mode it asks SQLite after every
      // statement whether a transaction is open, a native call per row
      c.unwrap(SQLiteConnection.class).getConnectionConfig().setTransactionMode(TransactionMode.IMMEDIATE);
      c.setAutoCommit(false);
      try {
        projector.dropSchema(c);
        projector.createSchema(c);
        long n = replay(c, reader, projector);
        projector.finish(c);
        c.commit();
        c.setAutoCommit(true);
        Sqlite.exec(c, "PRAGMA synchronous = FULL");
        Sqlite.exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        return n;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new EventStoreException("rebuild of " + dbFile + " failed: " + e.getMessage(), e);
    }
  }

  /** An event of the log with its parsed data (null when it is not a core domain event). */
  private record Decoded(RecordedEvent row, DomainEvent event) {
  }

  private static long replay(Connection c, EventReader reader, CoreProjector projector) throws SQLException {
    long n = 0;
    try (Prefetcher<Decoded> decoder = Prefetcher.start("faceforge-rebuild-decoder",
        sink -> reader.forEach(0, Long.MAX_VALUE, row -> sink.accept(new Decoded(row, DomainEvents.parse(row)))))) {
      for (List<Decoded> batch = decoder.take(); !batch.isEmpty(); batch = decoder.take()) {
        for (Decoded d : batch) {
          try {
            projector.apply(c, d.row(), d.event());
          } catch (SQLException ex) {
            throw new EventStoreException("replaying event " + d.row().position() + " (" + d.row().type()
                + ") failed", ex);
          }
        }
        n += batch.size();
      }
    }
    return n;
  }
}
