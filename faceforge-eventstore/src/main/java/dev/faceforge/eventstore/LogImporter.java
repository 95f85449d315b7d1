package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
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

  private static long write(Connection c, Iterator<RecordedEvent> rows) throws SQLException {
    HashChain chain = new HashChain();
    String previous = HashChain.GENESIS;
    long expected = 1;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (" + Rows.COLUMNS
        + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
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
        Rows.bind(ps, e);
        ps.executeUpdate();
        previous = e.hash();
        expected++;
      }
    }
    return expected - 1;
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
