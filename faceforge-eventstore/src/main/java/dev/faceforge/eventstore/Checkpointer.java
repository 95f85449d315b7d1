package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private final Connection connection;
  private final ScheduledExecutorService timer;

  Checkpointer(Path dbFile, Durability durability) {
    this.connection = Sqlite.openWriter(dbFile, durability);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faceforge-checkpointer");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::checkpoint, 200, 200, TimeUnit.MILLISECONDS);
  }

  /** The writer's connection must not checkpoint by itself once this runs. */
  static void disableAutomatic(Connection writer) throws SQLException {
    Sqlite.exec(writer, "PRAGMA wal_autocheckpoint = 0");
  }

  private void checkpoint() {
    try {
      Sqlite.exec(connection, "PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      LOG.debug("checkpoint skipped: {}", e.getMessage());
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
