package dev.faceforge.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.EntityCreated;
import dev.faceforge.projections.events.EntityDeleted;
import dev.faceforge.projections.events.EntityUpdated;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code entities} query tables: one row per entity holding its API document ({@code doc}), plus
 * tag, external-id and full-text (trigram) indexes. Timestamps come from the events, so a rebuild
 * reproduces the tables exactly.
 */
final class EntityProjection {
  static final String[] TABLES = {"entities", "entity_tags", "entity_external_ids", "entity_search"};

  private EntityProjection() {
  }

  /**
   * Secondary indexes: a rebuild creates them after the replay (one sorted build each instead of a random
   * insert per row). Nothing the replay reads goes through them.
   */
  static final String[] INDEXES = {
      "CREATE INDEX IF NOT EXISTS entities_live_created ON entities (created_at, entity_id) WHERE deleted_at IS NULL",
      "CREATE INDEX IF NOT EXISTS entities_live_updated ON entities (updated_at, entity_id) WHERE deleted_at IS NULL",
      "CREATE INDEX IF NOT EXISTS entities_live_name ON entities (display_name COLLATE NOCASE, entity_id)"
          + " WHERE deleted_at IS NULL"};
  // No index of tags or external ids by entity: a change deletes the previous rows by their primary keys (the
  // previous document names them), and each such index cost every create one more randomly placed page.

  static void createTables(Connection c) throws SQLException {
    Sql.ddl(c, """
        CREATE TABLE IF NOT EXISTS entities (
          rid INTEGER PRIMARY KEY, entity_id TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT, version INTEGER NOT NULL,
          doc TEXT NOT NULL)""");
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS entity_tags (tag TEXT NOT NULL COLLATE NOCASE,"
        + " entity_id TEXT NOT NULL, PRIMARY KEY (tag, entity_id)) WITHOUT ROWID");
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS entity_external_ids (namespace TEXT NOT NULL, external_id TEXT NOT NULL,"
        + " entity_id TEXT NOT NULL, PRIMARY KEY (namespace, external_id)) WITHOUT ROWID");
    createSearchTable(c);
  }

  /**
   * The search index: a live entity's text in body, a deleted one's in dead (a count of body matches is the
   * live total), case_sensitive 1 since both sides are lower-cased already (so MATCH and instr() agree on
   * every character).
   */
  static void createSearchTable(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE VIRTUAL TABLE IF NOT EXISTS entity_search USING fts5(body, dead,"
        + " tokenize = 'trigram case_sensitive 1')");
  }

  static void created(Connection c, RecordedEvent row, EntityCreated e) throws SQLException {
    ObjectNode doc = newDoc(row, e);
    insert(c, null, doc, Sql.write(doc));
    Sql.update(c, "INSERT INTO entity_search (rowid, body) SELECT rid, ? FROM entities WHERE entity_id = ?",
        EntityDocs.searchBody(doc), e.entityId());
  }

  /** The document of a new entity. */
  static ObjectNode newDoc(RecordedEvent row, EntityCreated e) {
    String time = Times.format(row.time());
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("entity_id", e.entityId());
    doc.put("display_name", e.displayName());
    doc.set("aliases", EntityDocs.strings(e.aliases()));
    doc.set("tags", EntityDocs.strings(e.tags()));
    doc.set("fields", e.fields() == null ? JsonNodeFactory.instance.objectNode() : e.fields());
    doc.put("primary_thumbnail_asset_id", e.primaryThumbnailAssetId());
    doc.set("plugin_data", e.pluginData() == null ? JsonNodeFactory.instance.objectNode() : e.pluginData());
    doc.set("external_ids", EntityDocs.stringMap(e.externalIds()));
    doc.put("created_at", time);
    doc.put("updated_at", time);
    doc.putNull("deleted_at");
    doc.put("version", row.streamVersion());
    return doc;
  }

  /**
   * Inserts an entity's row, its tags and external ids (not its search text). {@code doc} ({@code json},
   * serialized) may already include later changes: a rebuild folds an entity's first events into its document
   * before inserting it, and gives the row id ({@code rid}; null: the next one).
   */
  static void insert(Connection c, Long rid, ObjectNode doc, String json) throws SQLException {
    String entityId = doc.get("entity_id").asText();
    Sql.update(c, "INSERT INTO entities (rid, entity_id, display_name, created_at, updated_at, deleted_at, version,"
            + " doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rid, entityId, doc.get("display_name").asText(),
        doc.get("created_at").asText(), doc.get("updated_at").asText(), deletedAt(doc), doc.get("version").asLong(),
        json);
    writeTags(c, entityId, doc);
    writeExternalIds(c, entityId, doc);
  }

  /** The search text of {@code doc}: {@code [body, dead]}, one of them null (live in body, deleted in dead). */
  static String[] searchColumns(ObjectNode doc) {
    String text = EntityDocs.searchBody(doc);
    return isDeleted(doc) ? new String[] {null, text} : new String[] {text, null};
  }

  /**
   * Fills the search index from the entities' documents (a rebuild does this when its own search index
   * cannot be used: an entity changed after its row was inserted). In row id order, as FTS5 takes them fastest.
   */
  static void deriveSearch(Connection c) throws SQLException {
    Sql.update(c, "DELETE FROM entity_search");
    try (var ps = c.prepareStatement("SELECT rid, doc FROM entities ORDER BY rid"); var rs = ps.executeQuery()) {
      while (rs.next()) {
        String[] columns = searchColumns(Sql.parseObject(rs.getString(2)));
        Sql.update(c, "INSERT INTO entity_search (rowid, body, dead) VALUES (?, ?, ?)", rs.getLong(1), columns[0],
            columns[1]);
      }
    }
  }

  /** Applies an update to the document (the changed properties replace the old ones; nothing is copied). */
  static void applyUpdate(ObjectNode doc, RecordedEvent row, ObjectNode changes) {
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> change = it.next();
      doc.set(change.getKey(), change.getValue());
    }
    touch(doc, row);
  }

  /** Marks the document deleted by {@code row}. */
  static void applyDelete(ObjectNode doc, RecordedEvent row) {
    doc.put("deleted_at", Times.format(row.time()));
    touch(doc, row);
  }

  private static void touch(ObjectNode doc, RecordedEvent row) {
    doc.put("updated_at", Times.format(row.time()));
    doc.put("version", row.streamVersion());
  }

  static void updated(Connection c, RecordedEvent row, EntityUpdated e) throws SQLException {
    ObjectNode doc = load(c, e.entityId());
    // the changes replace these nodes in the document, never modify them: no copy needed
    JsonNode previousTags = doc.path("tags");
    JsonNode previousExternalIds = doc.path("external_ids");
    applyUpdate(doc, row, e.changes());
    save(c, doc);
    if (e.changes().has("tags")) {
      for (JsonNode tag : previousTags) {
        Sql.update(c, "DELETE FROM entity_tags WHERE tag = ? AND entity_id = ?", tag.asText(), e.entityId());
      }
      writeTags(c, e.entityId(), doc);
    }
    if (e.changes().has("external_ids")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = previousExternalIds.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> x = it.next();
        Sql.update(c, "DELETE FROM entity_external_ids WHERE namespace = ? AND external_id = ? AND entity_id = ?",
            x.getKey(), x.getValue().asText(), e.entityId());
      }
      writeExternalIds(c, e.entityId(), doc);
    }
    if (EntityDocs.touchesSearch(e.changes())) {
      Sql.update(c, "UPDATE entity_search SET " + (isDeleted(doc) ? "dead" : "body") + " = ?"
          + " WHERE rowid = (SELECT rid FROM entities WHERE entity_id = ?)", EntityDocs.searchBody(doc), e.entityId());
    }
  }

  static void deleted(Connection c, RecordedEvent row, EntityDeleted e) throws SQLException {
    ObjectNode doc = load(c, e.entityId());
    applyDelete(doc, row);
    save(c, doc);
    Sql.update(c, "UPDATE entity_search SET dead = body, body = NULL"
        + " WHERE rowid = (SELECT rid FROM entities WHERE entity_id = ?)", e.entityId());
  }

  private static boolean isDeleted(ObjectNode doc) {
    return deletedAt(doc) != null;
  }

  /** The entity's API document, or null. Reads through the caller's connection (the writer's, in decide). */
  static ObjectNode load(Connection c, String entityId) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM entities WHERE entity_id = ?", entityId);
    return json == null ? null : Sql.parseObject(json);
  }

  private static void save(Connection c, ObjectNode doc) throws SQLException {
    Sql.update(c, "UPDATE entities SET display_name = ?, updated_at = ?, deleted_at = ?, version = ?, doc = ?"
            + " WHERE entity_id = ?", doc.get("display_name").asText(), doc.get("updated_at").asText(),
        deletedAt(doc), doc.get("version").asLong(), Sql.write(doc), doc.get("entity_id").asText());
  }

  private static String deletedAt(ObjectNode doc) {
    JsonNode deletedAt = doc.get("deleted_at");
    return deletedAt == null || deletedAt.isNull() ? null : deletedAt.asText();
  }

  private static void writeTags(Connection c, String entityId, ObjectNode doc) throws SQLException {
    for (JsonNode tag : doc.path("tags")) {
      Sql.update(c, "INSERT OR IGNORE INTO entity_tags (tag, entity_id) VALUES (?, ?)", tag.asText(), entityId);
    }
  }

  private static void writeExternalIds(Connection c, String entityId, ObjectNode doc) throws SQLException {
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("external_ids").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> x = it.next();
      Sql.update(c, "INSERT INTO entity_external_ids (namespace, external_id, entity_id) VALUES (?, ?, ?)",
          x.getKey(), x.getValue().asText(), entityId);
    }
  }
}
