package dev.faceforge.projections;

import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.Prefetcher;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.projections.events.DomainEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteConnection;

/**
 * Drops the query tables of a database and replays the whole event log into fresh ones, in one
 * transaction (all or nothing). Must not run while a server has the database open for writing.
 *
 * <p>Three threads share the work: a decoder reads the log, parses each event's data and folds it
 * ({@link RebuildFold}) while the calling thread runs the inserts it already has (SQLite takes one writer per
 * file, so those stay on one connection and one thread), and a third builds the full-text index in a scratch
 * file ({@link SearchIndexBuilder}), copied in at the end.
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
    return rebuild(dbFile, projector, RebuildFold.WINDOW);
  }

  /** Rebuilds holding at most {@code window} new rows back ({@link RebuildFold}). */
  static long rebuild(Path dbFile, CoreProjector projector, int window) {
    Path scratch = dbFile.resolveSibling(dbFile.getFileName() + ".rebuild-search");
    // the scratch index closes (and its file goes) last, after the connection that attached it (closing detaches)
    try (SearchIndexBuilder search = SearchIndexBuilder.create(scratch);
         Connection c = Sqlite.openWriter(dbFile, dev.faceforge.eventstore.Durability.FULL);
         EventReader reader = EventReader.open(dbFile)) {
      // all or nothing, so nothing needs to be durable before the commit; the final checkpoint syncs
      // (at synchronous = FULL again: with OFF it would truncate the WAL without syncing the database)
      Sqlite.exec(c, "PRAGMA synchronous = OFF");
      Sqlite.exec(c, "PRAGMA cache_size = " + CACHE_KIB);
      Sqlite.exec(c, "PRAGMA threads = 2"); // SQLite may sort with a helper thread (the index builds at the end)
      attach(c, search.file());
      // the driver's own transaction: in auto-commit mode it asks SQLite after every statement whether a
      // transaction is open, a native call per row. Deferred, so that the scratch file is not locked (an
      // immediate one would start a write on every attached database)
      c.unwrap(SQLiteConnection.class).getConnectionConfig().setTransactionMode(TransactionMode.DEFERRED);
      c.setAutoCommit(false);
      try {
        projector.dropSchema(c);
        projector.createSchema(c);
        Replayed replayed = replay(c, reader, projector, search, window);
        projector.finish(c);
        if (replayed.searchComplete()) {
          search.complete();
          SearchIndexBuilder.copyInto(c);
        } else {
          EntityProjection.deriveSearch(c);
        }
        c.commit();
        c.setAutoCommit(true);
        Sqlite.exec(c, "PRAGMA synchronous = FULL");
        Sqlite.exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        return replayed.events();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new EventStoreException("rebuild of " + dbFile + " failed: " + e.getMessage(), e);
    }
  }

  private static void attach(Connection c, Path file) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS " + SearchIndexBuilder.SCHEMA)) {
      ps.setString(1, file.toAbsolutePath().toString());
      ps.execute();
    }
  }

  /** What a replay saw: how many events, and whether the search index built beside it is complete. */
  private record Replayed(long events, boolean searchComplete) {
  }

  private static Replayed replay(Connection c, EventReader reader, CoreProjector projector, SearchIndexBuilder search,
                                 int window) throws SQLException {
    long[] events = {0};
    RebuildFold[] fold = {null};
    try (Prefetcher<RebuildFold.Step> decoder = Prefetcher.start("faceforge-rebuild-decoder", sink -> {
      fold[0] = new RebuildFold(projector, search, sink, window);
      reader.forEachForProjection(0, Long.MAX_VALUE, row -> {
        events[0]++;
        fold[0].accept(row, DomainEvents.parse(row));
      });
      fold[0].finish();
    })) {
      for (List<RebuildFold.Step> batch = decoder.take(); !batch.isEmpty(); batch = decoder.take()) {
        for (RebuildFold.Step step : batch) {
          try {
            step.work().run(c);
          } catch (SQLException ex) {
            throw new EventStoreException("replaying event " + step.position() + " (" + step.type() + ") failed", ex);
          }
        }
      }
    }
    // the decoder has ended (take() saw its end), so what it wrote is visible here
    return new Replayed(events[0], fold[0].searchComplete());
  }
}
