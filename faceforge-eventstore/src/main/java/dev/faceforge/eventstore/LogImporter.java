package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteConnection;

/**
 * Restores exported rows verbatim (same positions, ids, times, hashes) into an EMPTY log, re-checking
 * the hash chain and gaplessness of every row before it is written; all in one transaction, so a bad
 * archive leaves the database without a single imported row. Query tables are rebuilt afterwards.
 */
public final class LogImporter {
  private LogImporter() {
  }

  /** Imports {@code rows} (in position order, starting at 1); returns how many were written. */
  public static long importRows(Path dbFile, Iterator<RecordedEvent> rows) {
    try (Connection c = Sqlite.openWriter(dbFile, Durability.FULL)) {
      EventLogSchema.create(c);
      if (count(c) != 0) {
        throw new EventStoreException("refusing to import into " + dbFile + ": its event log is not empty");
      }
      // the driver's own transaction: in auto-commit mode it asks SQLite after every row whether one is open
      c.unwrap(SQLiteConnection.class).getConnectionConfig().setTransactionMode(TransactionMode.IMMEDIATE);
      c.setAutoCommit(false);
      try {
        long n = write(c, rows);
        c.commit();
        return n;
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new EventStoreException("import into " + dbFile + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Inserts the rows in order. Reading them (parsing the archive) and checking each one's position and hash
   * link run on a second thread ({@link Prefetcher}); this one only inserts.
   */
  private static long write(Connection c, Iterator<RecordedEvent> rows) throws SQLException {
    long written = 0;
    try (Prefetcher<RecordedEvent> checked = Prefetcher.start("faceforge-import-reader", sink -> check(rows, sink));
         PreparedStatement ps = c.prepareStatement("INSERT INTO events (" + Rows.COLUMNS
             + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
      for (List<RecordedEvent> batch = checked.take(); !batch.isEmpty(); batch = checked.take()) {
        for (RecordedEvent e : batch) {
          Rows.bind(ps, e);
          ps.executeUpdate();
        }
        written += batch.size();
      }
    }
    return written;
  }

  /** Passes on each row after checking that it is the next position and links onto the previous hash. */
  private static void check(Iterator<RecordedEvent> rows, Consumer<RecordedEvent> sink) {
    HashChain chain = new HashChain();
    String previous = HashChain.GENESIS;
    long expected = 1;
    while (rows.hasNext()) {
      RecordedEvent e = rows.next();
      if (e.position() != expected) {
        throw new EventStoreException("archive is not gapless: expected position " + expected + ", found "
            + e.position());
      }
      if (!chain.hash(previous, e).equals(e.hash())) {
        throw new EventStoreException("hash chain broken at position " + e.position() + " (event " + e.eventId()
            + "): the archive was modified or is corrupt");
      }
      sink.accept(e);
      previous = e.hash();
      expected++;
    }
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
