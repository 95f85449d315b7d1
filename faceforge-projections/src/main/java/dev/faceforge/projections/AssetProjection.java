package dev.faceforge.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.AssetCreated;
import dev.faceforge.projections.events.AssetLinked;
import dev.faceforge.projections.events.AssetUpdated;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code assets} table (one API document per asset) and {@code asset_links} (entity <-> asset, with
 * a role). Identical bytes are one asset, so uploading deleted bytes again revives the same row.
 */
final class AssetProjection {
  static final String[] TABLES = {"assets", "asset_links"};

  private AssetProjection() {
  }

  /**
   * Secondary indexes (a rebuild creates them after the replay); {@code asset_links_by_asset} is not one of
   * them: re-linking reads the links by asset.
   */
  static final String[] INDEXES = {
      "CREATE INDEX IF NOT EXISTS assets_live_created ON assets (created_at, asset_id) WHERE deleted_at IS NULL",
      "CREATE INDEX IF NOT EXISTS assets_by_kind ON assets (kind, created_at)",
      "CREATE INDEX IF NOT EXISTS assets_by_parent ON assets (derived_from_asset_id)"};

  static void createTables(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS assets (rid INTEGER PRIMARY KEY, asset_id TEXT NOT NULL UNIQUE,"
        + " kind TEXT NOT NULL, mime_type TEXT NOT NULL, size_bytes INTEGER NOT NULL, derived_from_asset_id TEXT,"
        + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT, version INTEGER NOT NULL,"
        + " doc TEXT NOT NULL)");
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS asset_links (entity_id TEXT NOT NULL, asset_id TEXT NOT NULL,"
        + " role TEXT, linked_at TEXT NOT NULL, PRIMARY KEY (entity_id, asset_id)) WITHOUT ROWID");
    Sql.ddl(c, "CREATE INDEX IF NOT EXISTS asset_links_by_asset ON asset_links (asset_id, entity_id)");
  }

  static void created(Connection c, RecordedEvent row, AssetCreated e) throws SQLException {
    String time = Times.format(row.time());
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("asset_id", e.assetId());
    doc.set("owner", orEmpty(e.owner()));
    links(c, e.assetId(), doc); // links survive a delete: reviving bytes brings them back
    doc.put("kind", e.kind());
    doc.put("mime_type", e.mimeType());
    doc.put("size_bytes", e.sizeBytes());
    doc.put("content_hash", e.contentHash());
    doc.set("storage", orEmpty(e.storage()));
    doc.put("derived_from_asset_id", e.derivedFromAssetId());
    doc.put("original_filename", e.originalFilename());
    doc.set("extracted_metadata", orEmpty(e.extractedMetadata()));
    doc.set("user_metadata", orEmpty(e.userMetadata()));
    doc.set("plugin_data", orEmpty(e.pluginData()));
    doc.put("created_at", time);
    doc.put("updated_at", time);
    doc.putNull("deleted_at");
    doc.put("version", row.streamVersion());
    Sql.update(c, "INSERT INTO assets (asset_id, kind, mime_type, size_bytes, derived_from_asset_id, created_at,"
            + " updated_at, deleted_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"
            + " ON CONFLICT (asset_id) DO UPDATE SET kind = excluded.kind, mime_type = excluded.mime_type,"
            + " size_bytes = excluded.size_bytes, derived_from_asset_id = excluded.derived_from_asset_id,"
            + " created_at = excluded.created_at, updated_at = excluded.updated_at, deleted_at = NULL,"
            + " version = excluded.version, doc = excluded.doc",
        e.assetId(), e.kind(), e.mimeType(), e.sizeBytes(), e.derivedFromAssetId(), time, time, row.streamVersion(),
        Sql.write(doc));
  }

  static void updated(Connection c, RecordedEvent row, AssetUpdated e) throws SQLException {
    ObjectNode doc = load(c, e.assetId());
    e.changes().fields().forEachRemaining(ch -> doc.set(ch.getKey(), ch.getValue()));
    save(c, row, doc);
  }

  static void deleted(Connection c, RecordedEvent row, String assetId) throws SQLException {
    ObjectNode doc = load(c, assetId);
    doc.put("deleted_at", Times.format(row.time()));
    save(c, row, doc);
  }

  static void linked(Connection c, RecordedEvent row, AssetLinked e) throws SQLException {
    Sql.update(c, "INSERT INTO asset_links (entity_id, asset_id, role, linked_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (entity_id, asset_id) DO UPDATE SET role = excluded.role", e.entityId(), e.assetId(),
        e.role(), Times.format(row.time()));
    relink(c, row, e.assetId());
  }

  static void unlinked(Connection c, RecordedEvent row, String assetId, String entityId) throws SQLException {
    Sql.update(c, "DELETE FROM asset_links WHERE entity_id = ? AND asset_id = ?", entityId, assetId);
    relink(c, row, assetId);
  }

  static ObjectNode load(Connection c, String assetId) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM assets WHERE asset_id = ?", assetId);
    return json == null ? null : Sql.parseObject(json);
  }

  /** Rewrites the document's links from {@code asset_links}. */
  private static void relink(Connection c, RecordedEvent row, String assetId) throws SQLException {
    ObjectNode doc = load(c, assetId);
    links(c, assetId, doc);
    save(c, row, doc);
  }

  /** Sets {@code linked_entity_ids} and {@code links} from {@code asset_links}, by entity id (rebuilds match). */
  private static void links(Connection c, String assetId, ObjectNode doc) throws SQLException {
    ArrayNode ids = doc.putArray("linked_entity_ids");
    ArrayNode links = doc.putArray("links");
    PreparedStatement ps = Sql.prepared(c, "SELECT entity_id, role FROM asset_links WHERE asset_id = ?"
        + " ORDER BY entity_id");
    ps.setString(1, assetId);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
        links.addObject().put("entity_id", rs.getString(1)).put("role", rs.getString(2));
      }
    }
  }

  private static void save(Connection c, RecordedEvent row, ObjectNode doc) throws SQLException {
    String time = Times.format(row.time());
    doc.put("updated_at", time);
    doc.put("version", row.streamVersion());
    JsonNode deletedAt = doc.get("deleted_at");
    Sql.update(c, "UPDATE assets SET kind = ?, updated_at = ?, deleted_at = ?, version = ?, doc = ? WHERE asset_id = ?",
        doc.get("kind").asText(), time, deletedAt.isNull() ? null : deletedAt.asText(), row.streamVersion(),
        Sql.write(doc), doc.get("asset_id").asText());
  }

  private static ObjectNode orEmpty(ObjectNode o) {
    return o == null ? JsonNodeFactory.instance.objectNode() : o;
  }
}
