package dev.faceforge.projections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.RelationshipCreated;
import java.sql.Connection;
import java.sql.SQLException;

/** The {@code relationships} table, indexed by either side and by type. */
final class RelationshipProjection {
  static final String[] TABLES = {"relationships"};

  private RelationshipProjection() {
  }

  /** Secondary indexes (a rebuild creates them after the replay). */
  static final String[] INDEXES = {
      "CREATE INDEX IF NOT EXISTS relationships_by_source ON relationships (source_entity_id)",
      "CREATE INDEX IF NOT EXISTS relationships_by_target ON relationships (target_entity_id)",
      "CREATE INDEX IF NOT EXISTS relationships_by_type ON relationships (type)"};

  static void createTables(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS relationships (relationship_id TEXT PRIMARY KEY,"
        + " source_entity_id TEXT NOT NULL, target_entity_id TEXT NOT NULL, type TEXT NOT NULL,"
        + " created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL)");
  }

  static void created(Connection c, RecordedEvent row, RelationshipCreated e) throws SQLException {
    ObjectNode doc = newDoc(row, e);
    insert(c, doc, Sql.write(doc));
  }

  /** The document of a new relationship. */
  static ObjectNode newDoc(RecordedEvent row, RelationshipCreated e) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("relationship_id", e.relationshipId());
    doc.put("source_entity_id", e.sourceEntityId());
    doc.put("target_entity_id", e.targetEntityId());
    doc.put("type", e.type());
    doc.set("fields", e.fields() == null ? JsonNodeFactory.instance.objectNode() : e.fields());
    doc.put("created_at", Times.format(row.time()));
    doc.put("version", row.streamVersion());
    return doc;
  }

  /** Inserts a relationship's row from {@code doc} ({@code json} serialized). */
  static void insert(Connection c, ObjectNode doc, String json) throws SQLException {
    Sql.update(c, "INSERT INTO relationships (relationship_id, source_entity_id, target_entity_id, type, created_at,"
            + " version, doc) VALUES (?, ?, ?, ?, ?, ?, ?)", doc.get("relationship_id").asText(),
        doc.get("source_entity_id").asText(), doc.get("target_entity_id").asText(), doc.get("type").asText(),
        doc.get("created_at").asText(), doc.get("version").asLong(), json);
  }

  static void deleted(Connection c, String relationshipId) throws SQLException {
    Sql.update(c, "DELETE FROM relationships WHERE relationship_id = ?", relationshipId);
  }

  static ObjectNode load(Connection c, String relationshipId) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM relationships WHERE relationship_id = ?", relationshipId);
    return json == null ? null : Sql.parseObject(json);
  }
}
