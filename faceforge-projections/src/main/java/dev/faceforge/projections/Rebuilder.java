package dev.faceforge.projections;

import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.projections.events.DomainEvent;
import dev.faceforge.projections.events.DomainEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
  private static final int BATCH = 256;

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
    Decoder decoder = new Decoder(reader);
    Thread thread = new Thread(decoder, "faceforge-rebuild-decoder");
    thread.setDaemon(true);
    thread.start();
    long n = 0;
    try {
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
      return n;
    } finally {
      thread.interrupt();
      join(thread);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while a rebuild stopped its decoder", e);
    }
  }

  /** Reads and parses the log in batches; an empty batch ends it. A failure is handed to the taker. */
  private static final class Decoder implements Runnable {
    private static final List<Decoded> END = List.of();

    private final EventReader reader;
    private final BlockingQueue<List<Decoded>> queue = new ArrayBlockingQueue<>(16);
    private volatile RuntimeException failure;
    private List<Decoded> batch = new ArrayList<>(BATCH);

    Decoder(EventReader reader) {
      this.reader = reader;
    }

    @Override
    public void run() {
      try {
        reader.forEach(0, Long.MAX_VALUE, row -> {
          batch.add(new Decoded(row, DomainEvents.parse(row)));
          if (batch.size() == BATCH) {
            put(batch);
            batch = new ArrayList<>(BATCH);
          }
        });
        put(batch);
        put(END);
      } catch (Stopped stopped) {
        // the projecting thread is gone: nothing waits for more
      } catch (RuntimeException e) {
        failure = e;
        try {
          queue.put(END);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void put(List<Decoded> batch) {
      if (batch.isEmpty() && batch != END) {
        return;
      }
      try {
        queue.put(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
    }

    List<Decoded> take() {
      try {
        List<Decoded> batch = queue.take();
        if (batch == END && failure != null) {
          throw failure;
        }
        return batch;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventStoreException("interrupted while replaying the log", e);
      }
    }
  }

  /** Unwinds the decoder when the projecting thread stopped taking. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }
}
