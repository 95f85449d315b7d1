package dev.faceforge.projections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.DomainEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/** Small JDBC helpers shared by the projections (one statement, bound in order). */
final class Sql {
  private static final Map<Connection, Map<String, PreparedStatement>> CACHE = new WeakHashMap<>();

  private Sql() {
  }

  /** A schema statement: not cached, since it changes what cached statements refer to. */
  static void ddl(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  /** Runs a data-changing statement, prepared once per connection. */
  static int update(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = prepared(c, sql);
    bind(ps, args);
    return ps.executeUpdate();
  }

  /** The first column of the first row, or null. */
  static String queryString(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = prepared(c, sql);
    bind(ps, args);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Statements are cached per connection: the projectors run the same few statements for every event,
   * and preparing them each time would dominate a rebuild. Each connection is used by one thread.
   */
  static PreparedStatement prepared(Connection c, String sql) throws SQLException {
    Map<String, PreparedStatement> cache;
    synchronized (CACHE) {
      cache = CACHE.computeIfAbsent(c, k -> new HashMap<>());
    }
    PreparedStatement ps = cache.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = c.prepareStatement(sql);
      cache.put(sql, ps);
    }
    return ps;
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  static ObjectNode parseObject(String json) {
    try {
      return (ObjectNode) DomainEvents.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a projection row holds invalid JSON", e);
    }
  }

  static String write(JsonNode node) {
    try {
      return DomainEvents.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a projection document", e);
    }
  }
}
