package dev.faceforge.verticles.backup;

import dev.faceforge.projections.CoreProjector;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Compares the query tables of two SQLite files row by row ({@link CoreProjector#TABLES}, the full-text
 * table with its rowids): the tables as found, and the same tables rebuilt from the log. Every row present
 * in one and not the other is a difference; a few are shown per table, with how many there are.
 */
final class TableComparison {
  private static final int SHOWN = 3;
  private static final int ROW_TEXT = 300;

  private TableComparison() {
  }

  /** One line per difference (at most a few per table, then a count); empty when every table is equal. */
  static List<String> compare(Path found, Path rebuilt) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + found.toAbsolutePath())) {
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS rebuilt")) {
        attach.setString(1, rebuilt.toAbsolutePath().toString());
        attach.execute();
      }
      for (String table : CoreProjector.TABLES) {
        compareTable(c, table, problems);
      }
    }
    return problems;
  }

  private static void compareTable(Connection c, String table, List<String> problems) throws SQLException {
    boolean inFound = exists(c, "main", table);
    boolean inRebuilt = exists(c, "rebuilt", table);
    if (!inFound || !inRebuilt) {
      if (inFound != inRebuilt) {
        problems.add("query table " + table + ": " + (inFound ? "not created by a rebuild" : "missing"));
      }
      return;
    }
    String columns = isVirtual(c, table) ? "rowid, *" : "*";
    long foundRows = count(c, "main", table);
    long rebuiltRows = count(c, "rebuilt", table);
    if (foundRows != rebuiltRows) {
      problems.add("query table " + table + ": " + foundRows + " rows, a rebuild of the log has " + rebuiltRows);
    }
    difference(c, table, columns, "main", "rebuilt", "row not produced by a rebuild of the log", problems);
    difference(c, table, columns, "rebuilt", "main", "row missing (a rebuild of the log has it)", problems);
  }

  private static void difference(Connection c, String table, String columns, String from, String minus, String what,
                                 List<String> problems) throws SQLException {
    String sql = "SELECT " + columns + " FROM " + from + "." + table + " EXCEPT SELECT " + columns + " FROM " + minus
        + "." + table;
    long count;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (" + sql + ")")) {
      rs.next();
      count = rs.getLong(1);
    }
    if (count == 0) {
      return;
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql + " LIMIT " + SHOWN)) {
      while (rs.next()) {
        problems.add("query table " + table + ": " + what + ": " + describe(rs));
      }
    }
    if (count > SHOWN) {
      problems.add("query table " + table + ": " + (count - SHOWN) + " more such rows");
    }
  }

  private static String describe(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    StringJoiner row = new StringJoiner(", ");
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      Object v = rs.getObject(i);
      row.add(meta.getColumnName(i) + "=" + (v == null ? "NULL" : v.toString()));
    }
    String text = row.toString().replace('\n', ' ').replace('\r', ' ');
    return text.length() > ROW_TEXT ? text.substring(0, ROW_TEXT) + "..." : text;
  }

  private static long count(Connection c, String schema, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + "." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean exists(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + schema + ".sqlite_master WHERE name = ?"
        + " AND type = 'table'")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean isVirtual(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT sql FROM main.sqlite_master WHERE name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) != null && rs.getString(1).startsWith("CREATE VIRTUAL TABLE");
      }
    }
  }
}
