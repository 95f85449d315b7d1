package dev.faceforge.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A projector for the tests: one row per event id in {@code names}; it refuses {@code entity.refused}. */
final class NamesProjector implements Projector {
  @Override
  public void createSchema(Connection c) throws SQLException {
    Sqlite.exec(c, "CREATE TABLE IF NOT EXISTS names (event_id TEXT PRIMARY KEY)");
  }

  @Override
  public void dropSchema(Connection c) throws SQLException {
    Sqlite.exec(c, "DROP TABLE IF EXISTS names");
  }

  @Override
  public void apply(Connection c, RecordedEvent e) throws SQLException {
    if (e.type().equals("entity.refused")) {
      throw new SQLException("projector refused " + e.eventId());
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO names VALUES (?)")) {
      ps.setString(1, e.eventId());
      ps.executeUpdate();
    }
  }

  /** The projected event ids, sorted; call on the writer's connection (inside a unit of work). */
  static List<String> names(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM names ORDER BY event_id");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
