package dev.faceforge.verticles.read;

import dev.faceforge.projections.EntityDocs;
import dev.faceforge.projections.events.Streams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entity queries on the read pool: one document by id, filtered/sorted/paged lists (keyset cursor or
 * offset, always with the total), and an entity's history from the event log.
 */
public final class EntityReads {
  /** Sort name -> column. */
  private static final Map<String, String> SORTS = Map.of(
      "display_name", "e.display_name COLLATE NOCASE", "created_at", "e.created_at", "updated_at", "e.updated_at");

  private final ReadPool db;

  public EntityReads(ReadPool db) {
    this.db = db;
  }

  /** What to list: a sort like {@code -created_at}, a substring query, tags that must all match. */
  public record Filter(String sort, String q, List<String> tags, boolean includeDeleted) {
  }

  public static boolean knownSort(String sort) {
    return SORTS.containsKey(sort.startsWith("-") ? sort.substring(1) : sort);
  }

  public Future<Doc> get(String entityId, boolean includeDeleted) {
    return db.doc("SELECT doc, version FROM entities WHERE entity_id = ?"
        + (includeDeleted ? "" : " AND deleted_at IS NULL"), Tuple.of(entityId));
  }

  /** Ids of the live entities whose display name is exactly {@code name} (oldest first). */
  public Future<java.util.List<String>> idsByExactName(String name) {
    return db.strings("SELECT entity_id FROM entities WHERE display_name = ? AND deleted_at IS NULL"
        + " ORDER BY created_at, entity_id", Tuple.of(name));
  }

  public Future<Page> list(Filter f, PageRequest page) {
    boolean desc = f.sort().startsWith("-");
    String col = SORTS.get(desc ? f.sort().substring(1) : f.sort());
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (!f.includeDeleted()) {
      where.append(" AND e.deleted_at IS NULL");
    }
    if (f.q() != null && !f.q().isBlank()) {
      String q = EntityDocs.searchText(f.q().strip());
      if (q.codePointCount(0, q.length()) >= 3) {
        // a trigram phrase query: a substring match answered by the FTS index
        where.append(" AND e.rid IN (SELECT rowid FROM entity_search WHERE entity_search MATCH ?)");
        args.add("body:\"" + q.replace("\"", "\"\"") + "\"");
      } else {
        // one or two characters have no trigram: scan the (small) search text
        where.append(" AND e.rid IN (SELECT rowid FROM entity_search WHERE instr(body, ?) > 0)");
        args.add(q);
      }
    }
    for (String tag : f.tags()) {
      where.append(" AND e.entity_id IN (SELECT entity_id FROM entity_tags WHERE tag = ?)");
      args.add(tag);
    }
    return KeysetList.page(db, "entities e", where.toString(), args, col, "e.entity_id", desc, f.sort(), page);
  }

  /**
   * The events concerning an entity (its own stream's, and from {@code entity_events} its descriptors', its
   * relationships', its asset links'), oldest first,
   * as {@code {"items": [...], "limit", "next_cursor"}}; null when the entity never existed.
   */
  public Future<String> history(String entityId, long after, int limit) {
    Future<String> exists = db.string("SELECT entity_id FROM entities WHERE entity_id = ?", Tuple.of(entityId));
    return exists.compose(id -> id == null ? Future.succeededFuture(null) : db.query(
        "SELECT ev.position, ev.event_id, ev.type, ev.stream_id, ev.stream_version, ev.time, ev.metadata, ev.data"
            + " FROM events ev WHERE ev.position IN (SELECT position FROM events WHERE stream_id = ? AND position > ?"
            + " UNION SELECT position FROM entity_events WHERE entity_id = ? AND position > ?)"
            + " ORDER BY ev.position LIMIT ?",
        Tuple.of(Streams.entity(entityId), after, entityId, after, limit + 1)).map(rows -> {
          StringBuilder b = new StringBuilder("{\"items\":[");
          int n = 0;
          long last = after;
          for (var r : rows) {
            if (n == limit) {
              break;
            }
            JsonObject meta = new JsonObject(r.getString(6));
            JsonObject item = new JsonObject().put("position", r.getLong(0)).put("event_id", r.getString(1))
                .put("type", r.getString(2)).put("stream_id", r.getString(3)).put("stream_version", r.getLong(4))
                .put("time", r.getString(5)).put("actor", meta.getString("actor"))
                .put("correlation_id", meta.getString("correlation_id"));
            String encoded = item.encode();
            b.append(n++ == 0 ? "" : ",").append(encoded, 0, encoded.length() - 1).append(",\"data\":")
                .append(r.getString(7)).append('}');
            last = r.getLong(0);
          }
          boolean more = rows.size() > limit;
          return b.append("],\"limit\":").append(limit).append(",\"next_cursor\":")
              .append(more ? "\"" + last + "\"" : "null").append('}').toString();
        }));
  }
}
