package dev.faceforge.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.FieldDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code field_defs} table: one row per defined key with its API document. */
final class FieldDefinitionProjection {
  static final String[] TABLES = {"field_defs"};

  private FieldDefinitionProjection() {
  }

  static void createTables(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS field_defs (field_key TEXT PRIMARY KEY, scope TEXT NOT NULL,"
        + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL)");
  }

  static void upsert(Connection c, RecordedEvent row, FieldDefinition d) throws SQLException {
    String time = Times.format(row.time());
    String createdAt = Sql.queryString(c, "SELECT created_at FROM field_defs WHERE field_key = ?", d.fieldKey());
    ObjectNode doc = DomainEvents.MAPPER.valueToTree(d);
    doc.put("created_at", createdAt == null ? time : createdAt);
    doc.put("updated_at", time);
    doc.put("version", row.streamVersion());
    Sql.update(c, "INSERT INTO field_defs (field_key, scope, created_at, updated_at, version, doc)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (field_key) DO UPDATE SET scope = excluded.scope,"
            + " updated_at = excluded.updated_at, version = excluded.version, doc = excluded.doc",
        d.fieldKey(), d.scope(), doc.get("created_at").asText(), time, row.streamVersion(), Sql.write(doc));
  }

  static void deleted(Connection c, String fieldKey) throws SQLException {
    Sql.update(c, "DELETE FROM field_defs WHERE field_key = ?", fieldKey);
  }

  /** Every definition of one scope (the writer validates against them). */
  static List<FieldDefinition> all(Connection c, String scope) throws SQLException {
    List<FieldDefinition> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM field_defs WHERE scope = ? ORDER BY field_key")) {
      ps.setString(1, scope);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(DomainEvents.MAPPER.convertValue(Sql.parseObject(rs.getString(1)), FieldDefinition.class));
        }
      }
    }
    return out;
  }
}
