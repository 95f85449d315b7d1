package dev.faceforge.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.DescriptorCreated;
import dev.faceforge.projections.events.DescriptorUpdated;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code descriptors} table: one row per live descriptor with its API document and its validity
 * interval as sortable keys ({@link ValidTime}), indexed per entity and key.
 */
final class DescriptorProjection {
  static final String[] TABLES = {"descriptors"};

  private DescriptorProjection() {
  }

  /** Secondary indexes (a rebuild creates them after the replay). */
  static final String[] INDEXES = {
      "CREATE INDEX IF NOT EXISTS descriptors_by_entity ON descriptors (entity_id, created_at, descriptor_id)"};

  static void createTables(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS descriptors (descriptor_id TEXT PRIMARY KEY, entity_id TEXT NOT NULL,"
        + " key TEXT NOT NULL, valid_from_key TEXT, valid_to_key TEXT, created_at TEXT NOT NULL,"
        + " version INTEGER NOT NULL, doc TEXT NOT NULL)");
  }

  static void created(Connection c, RecordedEvent row, DescriptorCreated e) throws SQLException {
    ObjectNode doc = newDoc(row, e);
    insert(c, doc, Sql.write(doc));
  }

  /** The document of a new descriptor. */
  static ObjectNode newDoc(RecordedEvent row, DescriptorCreated e) {
    String time = Times.format(row.time());
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("descriptor_id", e.descriptorId());
    doc.put("entity_id", e.entityId());
    doc.put("key", e.key());
    doc.set("value", e.value() == null ? JsonNodeFactory.instance.nullNode() : e.value());
    doc.put("valid_from", e.validFrom());
    doc.put("valid_to", e.validTo());
    doc.put("note", e.note());
    doc.put("created_at", time);
    doc.put("updated_at", time);
    doc.put("version", row.streamVersion());
    return doc;
  }

  /**
   * Inserts a descriptor's row from {@code doc} ({@code json} serialized), which may already include later
   * updates (a rebuild folds them in first). Updates change neither the entity, the key nor the creation time.
   */
  static void insert(Connection c, ObjectNode doc, String json) throws SQLException {
    Sql.update(c, "INSERT INTO descriptors (descriptor_id, entity_id, key, valid_from_key, valid_to_key, created_at,"
            + " version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", doc.get("descriptor_id").asText(),
        doc.get("entity_id").asText(), doc.get("key").asText(), ValidTime.fromKey(text(doc, "valid_from")),
        ValidTime.toKey(text(doc, "valid_to")), doc.get("created_at").asText(), doc.get("version").asLong(), json);
  }

  static void updated(Connection c, RecordedEvent row, DescriptorUpdated e) throws SQLException {
    ObjectNode doc = load(c, e.descriptorId());
    applyUpdate(doc, row, e.changes());
    Sql.update(c, "UPDATE descriptors SET valid_from_key = ?, valid_to_key = ?, version = ?, doc = ?"
            + " WHERE descriptor_id = ?", ValidTime.fromKey(text(doc, "valid_from")),
        ValidTime.toKey(text(doc, "valid_to")), row.streamVersion(), Sql.write(doc), e.descriptorId());
  }

  /** Applies an update to the document (the changed properties replace the old ones). */
  static void applyUpdate(ObjectNode doc, RecordedEvent row, ObjectNode changes) {
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> change = it.next();
      doc.set(change.getKey(), change.getValue());
    }
    doc.put("updated_at", Times.format(row.time()));
    doc.put("version", row.streamVersion());
  }

  static void deleted(Connection c, String descriptorId) throws SQLException {
    Sql.update(c, "DELETE FROM descriptors WHERE descriptor_id = ?", descriptorId);
  }

  static ObjectNode load(Connection c, String descriptorId) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM descriptors WHERE descriptor_id = ?", descriptorId);
    return json == null ? null : Sql.parseObject(json);
  }

  private static String text(ObjectNode doc, String field) {
    JsonNode n = doc.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
