package dev.faceforge.verticles.read;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The read side: a vertx-jdbc-client pool of read-only SQLite connections (WAL lets them read while
 * the writer commits). Queries run on Vert.x worker threads; results come back as futures.
 */
public final class ReadPool {
  private final Pool pool;

  public ReadPool(Vertx vertx, Path dbFile, int size) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.READONLY);
    config.setBusyTimeout(10_000);
    config.setCacheSize(-16_384);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + dbFile.toAbsolutePath());
    this.pool = JDBCPool.pool(vertx, ds, new PoolOptions().setMaxSize(size).setName("faceforge-read"));
  }

  /** Runs a query; each row's columns are returned in order. */
  public Future<RowSet<Row>> query(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args);
  }

  /** The first column of every row, as strings. */
  public Future<List<String>> strings(String sql, Tuple args) {
    return query(sql, args).map(rows -> {
      List<String> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(r.getString(0)));
      return out;
    });
  }

  /** The first column of the first row as a string, or null. */
  public Future<String> string(String sql, Tuple args) {
    return strings(sql, args).map(l -> l.isEmpty() ? null : l.get(0));
  }

  /** A document and its version ({@code SELECT doc, version ...}), or null. */
  public Future<Doc> doc(String sql, Tuple args) {
    return query(sql, args).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row r = rows.iterator().next();
      return new Doc(r.getString(0), r.getLong(1));
    });
  }

  /** The first column of the first row as a long. */
  public Future<Long> count(String sql, Tuple args) {
    return query(sql, args).map(rows -> {
      Object v = rows.iterator().next().getValue(0);
      return ((Number) v).longValue();
    });
  }

  public Future<Void> close() {
    return pool.close();
  }
}
