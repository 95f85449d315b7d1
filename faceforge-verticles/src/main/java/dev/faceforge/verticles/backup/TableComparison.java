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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Compares the query tables of two SQLite files row by row ({@link CoreProjector#TABLES}, the full-text
 * table with its rowids): the tables as found, and the same tables rebuilt from the log. Rows are matched
 * by their primary key (else rowid): a changed row is reported with the columns that differ, then rows
 * only one side has; a few per table, then how many more.
 */
final class TableComparison {
  private static final int SHOWN = 3;
  private static final int EXCERPT = 60;

  private final Connection c;
  private final List<String> problems = new ArrayList<>();

  private TableComparison(Connection c) {
    this.c = c;
  }

  /** One line per difference (at most a few per table, then a count); empty when every table is equal. */
  static List<String> compare(Path found, Path rebuilt) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + found.toAbsolutePath())) {
      try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS rebuilt")) {
        attach.setString(1, rebuilt.toAbsolutePath().toString());
        attach.execute();
      }
      TableComparison comparison = new TableComparison(c);
      for (String table : CoreProjector.TABLES) {
        comparison.table(table);
      }
      return comparison.problems;
    }
  }

  private void table(String table) throws SQLException {
    boolean inFound = exists("main", table);
    boolean inRebuilt = exists("rebuilt", table);
    if (!inFound || !inRebuilt) {
      if (inFound != inRebuilt) {
        problems.add("query table " + table + ": " + (inFound ? "not created by a rebuild of the log" : "missing"));
      }
      return;
    }
    List<String> key = isVirtual(table) ? List.of("rowid") : keyColumns(table);
    String columns = key.equals(List.of("rowid")) ? "rowid, *" : "*";
    String extra = except(columns, "main", "rebuilt", table);
    String lacking = except(columns, "rebuilt", "main", table);
    long differing = count(extra) + count(lacking);
    int shown = 0;
    for (Map<String, Object> row : rows(extra + " LIMIT " + SHOWN)) {
      Map<String, Object> other = byKey("rebuilt", table, columns, key, row);
      problems.add("query table " + table + ": row " + keyText(key, row) + (other == null
          ? " is not in a rebuild of the log" : " differs from a rebuild of the log: " + differences(row, other)));
      shown += other == null ? 1 : 2;
    }
    for (Map<String, Object> row : rows(lacking + " LIMIT " + SHOWN)) {
      if (byKey("main", table, columns, key, row) == null) {
        problems.add("query table " + table + ": row " + keyText(key, row)
            + " is missing (a rebuild of the log has it)");
        shown++;
      }
    }
    if (differing > shown) {
      problems.add("query table " + table + ": " + (differing - shown) + " more rows differ from a rebuild of the log");
    }
  }

  private static String except(String columns, String from, String minus, String table) {
    return "SELECT " + columns + " FROM " + from + "." + table + " EXCEPT SELECT " + columns + " FROM " + minus + "."
        + table;
  }

  private Map<String, Object> byKey(String schema, String table, String columns, List<String> key,
                                    Map<String, Object> row) throws SQLException {
    StringJoiner where = new StringJoiner(" AND ");
    key.forEach(k -> where.add(k + " IS ?"));
    try (PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + schema + "." + table + " WHERE "
        + where)) {
      for (int i = 0; i < key.size(); i++) {
        ps.setObject(i + 1, row.get(key.get(i)));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static String keyText(List<String> key, Map<String, Object> row) {
    StringJoiner text = new StringJoiner(", ");
    key.forEach(k -> text.add(k + "=" + row.get(k)));
    return text.toString();
  }

  private static String differences(Map<String, Object> found, Map<String, Object> rebuilt) {
    StringJoiner out = new StringJoiner("; ");
    found.forEach((column, value) -> {
      Object expected = rebuilt.get(column);
      if (!Objects.equals(value, expected)) {
        out.add(column + " is " + excerpt(value, expected) + ", a rebuild has " + excerpt(expected, value));
      }
    });
    return out.toString();
  }

  /** {@code value} shortened to the neighbourhood of where it starts to differ from {@code other}. */
  static String excerpt(Object value, Object other) {
    if (value == null) {
      return "NULL";
    }
    String s = value.toString().replace('\n', ' ').replace('\r', ' ');
    String o = other == null ? "" : other.toString();
    int at = 0;
    while (at < s.length() && at < o.length() && s.charAt(at) == o.charAt(at)) {
      at++;
    }
    int from = Math.max(0, at - EXCERPT / 3);
    int to = Math.min(s.length(), from + EXCERPT);
    return "\"" + (from > 0 ? "..." : "") + s.substring(from, to) + (to < s.length() ? "..." : "") + "\"";
  }

  private List<Map<String, Object>> rows(String sql) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private static Map<String, Object> row(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      row.put(meta.getColumnName(i), rs.getObject(i));
    }
    return row;
  }

  private long count(String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (" + sql + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The primary key columns, in key order; a table without one is keyed by its rowid. */
  private List<String> keyColumns(String table) throws SQLException {
    Map<Integer, String> key = new java.util.TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA main.table_info(" + table + ")")) {
      while (rs.next()) {
        if (rs.getInt("pk") > 0) {
          key.put(rs.getInt("pk"), rs.getString("name"));
        }
      }
    }
    return key.isEmpty() ? List.of("rowid") : List.copyOf(key.values());
  }

  private boolean exists(String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + schema + ".sqlite_master WHERE name = ?"
        + " AND type = 'table'")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private boolean isVirtual(String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT sql FROM main.sqlite_master WHERE name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) != null && rs.getString(1).startsWith("CREATE VIRTUAL TABLE");
      }
    }
  }
}
