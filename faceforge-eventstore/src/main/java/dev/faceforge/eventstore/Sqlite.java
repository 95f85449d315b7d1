package dev.faceforge.eventstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens SQLite connections with the pragmas FaceForge relies on, and reads every pragma back: a setting
 * that silently did not apply (WAL refused by the filesystem, say) must stop startup, not corrupt promises.
 */
public final class Sqlite {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Sqlite() {
  }

  /** The write connection: WAL, the requested durability, a busy timeout. */
  public static Connection openWriter(Path dbFile, Durability durability) {
    try {
      Files.createDirectories(dbFile.toAbsolutePath().getParent());
      Properties props = new Properties();
      // the driver would otherwise run "SELECT last_insert_rowid()" after every INSERT; nothing reads it
      props.setProperty("jdbc.get_generated_keys", "false");
      Connection c = DriverManager.getConnection(url(dbFile), props);
      exec(c, "PRAGMA busy_timeout = 10000");
      expect(c, "PRAGMA journal_mode = WAL", "wal");
      exec(c, "PRAGMA synchronous = " + durability.pragmaValue());
      expect(c, "PRAGMA synchronous", Integer.toString(durability.pragmaValue()));
      exec(c, "PRAGMA temp_store = MEMORY");
      exec(c, "PRAGMA cache_size = -65536");
      return c;
    } catch (SQLException | java.io.IOException e) {
      throw new EventStoreException("cannot open SQLite database " + dbFile + ": " + e.getMessage(), e);
    }
  }

  /** A read-only connection (for readers; WAL lets them run while the writer commits). */
  public static Connection openReader(Path dbFile) {
    try {
      Properties p = new Properties();
      p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
      Connection c = DriverManager.getConnection(url(dbFile), p);
      exec(c, "PRAGMA busy_timeout = 10000");
      exec(c, "PRAGMA cache_size = -16384");
      return c;
    } catch (SQLException e) {
      throw new EventStoreException("cannot open SQLite database " + dbFile + " for reading: " + e.getMessage(), e);
    }
  }

  /** The JDBC url of a database file. */
  public static String url(Path dbFile) {
    return "jdbc:sqlite:" + dbFile.toAbsolutePath();
  }

  /** Executes one statement that returns no rows. */
  public static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void expect(Connection c, String sql, String expected) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      String actual = rs.next() ? rs.getString(1) : null;
      if (!expected.equalsIgnoreCase(actual)) {
        throw new SQLException(sql + " returned " + actual + ", expected " + expected);
      }
    }
  }
}
