package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves WAL checkpoints off the writer. SQLite's automatic checkpoint runs inside whichever commit
 * crosses the threshold, copying pages and fsyncing the database while every caller of that batch
 * waits; here a background thread with its own connection checkpoints PASSIVE-ly (never blocking the
 * writer or readers) a few times a second instead.
 *
 * <p>A PASSIVE checkpoint alone never lets the WAL start over while writes keep coming: SQLite rewinds the
 * WAL only when a write transaction begins with every frame already copied back, and a background
 * checkpoint always lags the frames appended while it ran. Under sustained writes the WAL then grew
 * without bound (2.5 GB after 30 s of creates), and every append went to fresh file blocks, which ext4
 * zero-fills first: a fifth of the server's CPU. So once the WAL holds more than {@link #REWIND_FRAMES}
 * frames (by default), {@link #rewindIfLarge} (called by the writer between transactions, when no frame can be added)
 * copies back the few frames that are left; the next transaction then writes the WAL from its start again,
 * into blocks that exist and pages the OS still caches.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  /**
   * 16,384 frames of 4 KiB pages: a WAL of about 64 MiB, reused from its start once it got there. Each rewind
   * holds the writer for the frames the last background checkpoint left plus an fsync of the database (7-65 ms
   * measured during the SSE benchmark's bulk upserts, which write about 50 MB of WAL a second), so the limit
   * trades disk for fewer such pauses.
   */
  static final int REWIND_FRAMES = 16_384;
  /** Pause between background checkpoints. */
  static final long INTERVAL_MILLIS = 200;

  private final Connection connection;
  private final ScheduledExecutorService timer;
  private final int rewindFrames;
  /** The WAL's frame count the last checkpoint saw (-1 when it could not tell). */
  private volatile int walFrames;
  private volatile long rewinds;

  /**
   * Checkpoints {@code dbFile} in the background every {@code intervalMillis}; the writer's
   * {@link #rewindIfLarge} acts once the WAL holds more than {@code rewindFrames} frames.
   */
  Checkpointer(Path dbFile, Durability durability, int rewindFrames, long intervalMillis) {
    this.connection = Sqlite.openWriter(dbFile, durability);
    this.rewindFrames = rewindFrames;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faceforge-checkpointer");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::checkpoint, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** The writer's connection must not checkpoint by itself once this runs. */
  static void disableAutomatic(Connection writer) throws SQLException {
    Sqlite.exec(writer, "PRAGMA wal_autocheckpoint = 0");
  }

  private void checkpoint() {
    try {
      walFrames = passive(connection);
    } catch (SQLException e) {
      LOG.debug("checkpoint skipped: {}", e.getMessage());
    }
  }

  /**
   * Called on the writer thread between transactions: when the WAL has grown past the limit,
   * checkpoints what the background checkpoints left over on {@code writer}, so that the next write
   * transaction starts the WAL over (it does unless a reader still reads from the old frames; then the attempt
   * after the next background checkpoint's report tries again).
   */
  void rewindIfLarge(Connection writer) {
    if (walFrames <= rewindFrames) {
      return;
    }
    walFrames = -1; // one attempt per background report: a reader holding old frames must not cost every batch
    try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      // busy (another checkpoint was running), frames in the WAL, frames copied back
      if (rs.next() && rs.getInt(1) == 0 && rs.getInt(2) == rs.getInt(3)) {
        rewinds++; // all copied back: the next transaction starts the WAL over
      }
    } catch (SQLException e) {
      LOG.debug("WAL rewind checkpoint skipped: {}", e.getMessage());
    }
  }

  /** Checkpoints by the writer that copied every frame back, letting the WAL start over (for tests). */
  long rewinds() {
    return rewinds;
  }

  /** A PASSIVE checkpoint on {@code c}; returns the frames in the WAL (or -1 when it could not say). */
  private static int passive(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      return rs.next() ? rs.getInt(2) : -1;
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      Sqlite.exec(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("final checkpoint failed: {}", e.getMessage());
    } finally {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing is best effort
      }
    }
  }
}
