package dev.faceforge.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a rebuild's full-text index on a thread and connection of its own, in a scratch database file, while
 * the rebuild's connection inserts everything else (SQLite takes one writer per file, so this is how the
 * trigram work gets another core). The finished index is copied into the real database in the rebuild's
 * transaction ({@link #copyInto}): FTS5 keeps an index in ordinary tables, so copying their rows copies it.
 *
 * <p>Search texts must be added in ascending row id order (FTS5 takes them fastest so).
 */
final class SearchIndexBuilder implements AutoCloseable {
  /** The name the rebuild's connection attaches the scratch file under. */
  static final String SCHEMA = "rebuild_search";
  /** The tables FTS5 keeps {@code entity_search} in (its configuration is created with the table). */
  private static final String[] SHADOW_TABLES = {"data", "idx", "content", "docsize"};
  private static final int BATCH = 512;

  private final Path file;
  private final Connection c;
  private final ExecutorService thread;
  private final List<Future<?>> pending = new ArrayList<>();
  private List<Object[]> batch = new ArrayList<>(BATCH);

  private SearchIndexBuilder(Path file, Connection c) {
    this.file = file;
    this.c = c;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "faceforge-rebuild-search");
      t.setDaemon(true);
      return t;
    });
  }

  /** New, empty scratch tables in {@code file} (replacing whatever a stopped rebuild left there). */
  static SearchIndexBuilder create(Path file) {
    try {
      Files.deleteIfExists(file);
      Connection c = DriverManager.getConnection(Sqlite.url(file));
      try {
        // scratch: nothing here needs to survive a crash, the file is deleted either way
        Sqlite.exec(c, "PRAGMA journal_mode = OFF");
        Sqlite.exec(c, "PRAGMA synchronous = OFF");
        Sqlite.exec(c, "PRAGMA cache_size = -65536");
        EntityProjection.createSearchTable(c);
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new SearchIndexBuilder(file, c);
    } catch (SQLException | IOException e) {
      throw new EventStoreException("cannot create the rebuild's scratch search index " + file + ": "
          + e.getMessage(), e);
    }
  }

  Path file() {
    return file;
  }

  /**
   * Adds an entity's search text, from its final document (no longer changed by anyone: the text is taken on
   * this builder's thread).
   */
  void add(long rid, ObjectNode doc) {
    batch.add(new Object[] {rid, doc});
    if (batch.size() == BATCH) {
      submit();
    }
  }

  private void submit() {
    List<Object[]> rows = batch;
    batch = new ArrayList<>(BATCH);
    pending.removeIf(Future::isDone);
    pending.add(thread.submit(() -> {
      for (Object[] row : rows) {
        String[] text = EntityProjection.searchColumns((ObjectNode) row[1]);
        Sql.update(c, "INSERT INTO entity_search (rowid, body, dead) VALUES (?, ?, ?)", row[0], text[0], text[1]);
      }
      return null;
    }));
  }

  /** Waits until every added row is in and committed; throws what the builder's thread threw. */
  void complete() {
    if (!batch.isEmpty()) {
      submit();
    }
    pending.add(thread.submit(() -> {
      c.commit();
      return null;
    }));
    try {
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new EventStoreException("building the search index failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while building the search index", e);
    }
  }

  /**
   * Replaces {@code entity_search} in {@code target} (which has this file attached as {@link #SCHEMA}) with the
   * one built here.
   */
  static void copyInto(Connection target) throws SQLException {
    for (String t : SHADOW_TABLES) {
      String table = "entity_search_" + t;
      Sql.ddl(target, "DELETE FROM main." + table);
      Sql.ddl(target, "INSERT INTO main." + table + " SELECT * FROM " + SCHEMA + "." + table);
    }
  }

  /** Stops the builder's thread and deletes the scratch file. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      c.close();
      Files.deleteIfExists(file);
    } catch (SQLException | IOException e) {
      throw new EventStoreException("cannot remove the rebuild's scratch search index " + file + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
