package dev.faceforge.verticles.read;

import dev.faceforge.projections.EntityDocs;
import dev.faceforge.projections.events.Streams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
        // a trigram phrase query: a substring match answered by the FTS index (live text in body, a deleted
        // entity's in dead)
        String match = (f.includeDeleted() ? "{body dead}:" : "body:") + "\"" + q.replace("\"", "\"\"") + "\"";
        if (!f.includeDeleted() && f.tags().isEmpty()) {
          return search(f.sort(), desc, q, match, page);
        }
        where.append(" AND e.rid IN (SELECT rowid FROM entity_search WHERE entity_search MATCH ?)");
        args.add(match);
      } else {
        // one or two characters have no trigram: scan the (small) search text
        where.append(" AND e.rid IN (SELECT rowid FROM entity_search WHERE instr(")
            .append(f.includeDeleted() ? "coalesce(body, dead)" : "body").append(", ?) > 0)");
        args.add(q);
      }
    }
    for (String tag : f.tags()) {
      where.append(" AND e.entity_id IN (SELECT entity_id FROM entity_tags WHERE tag = ?)");
      args.add(tag);
    }
    return KeysetList.page(db, "entities e", where.toString(), args, col, "e.entity_id", desc, f.sort(), page);
  }

  /** Per sort: the column as compared, the collation of its comparisons, and the live entities' index on it. */
  private record SortIndex(String column, String collate, String index) {
  }

  private static final Map<String, SortIndex> SORT_INDEXES = Map.of(
      "created_at", new SortIndex("e.created_at", "", "entities_live_created"),
      "updated_at", new SortIndex("e.updated_at", "", "entities_live_updated"),
      "display_name", new SortIndex("e.display_name", " COLLATE NOCASE", "entities_live_name"));

  /**
   * A live-entity search without tag filters, planned from its count. The count comes from the FTS index alone
   * (a deleted entity's text is not in its {@code body} column). Few matches: sort them (the set statement of
   * {@link #list}). Many: walk the sort's index and keep the rows whose search text contains {@code q}, which
   * finds a page after about {@code n * live / total} rows; the walk is bounded to {@code 4x} that (plus 256), so
   * matches bunched at the far end cost at most that walk and then the set statement. An FTS phrase query and
   * {@code instr} on the same lower-cased text agree (the trigrams are case-sensitive).
   */
  private Future<Page> search(String sort, boolean desc, String q, String match, PageRequest page) {
    SortIndex key = SORT_INDEXES.get(desc ? sort.substring(1) : sort);
    String keyCol = SORTS.get(desc ? sort.substring(1) : sort);
    long offset = page.offset() == null ? 0 : page.offset();
    long n = offset + page.limit() + 1;
    return db.query("SELECT (SELECT count(*) FROM entity_search WHERE entity_search MATCH ?),"
        + " (SELECT coalesce(max(rid), 0) FROM entities)", Tuple.of(match)).compose(counts -> {
          Row r = counts.iterator().next();
          long total = r.getLong(0);
          long rows = Math.max(1, r.getLong(1));
          if (total == 0) {
            return Future.succeededFuture(KeysetList.toPage(sort, page, List.of(), 0));
          }
          String set = "e.deleted_at IS NULL AND e.rid IN (SELECT rowid FROM entity_search WHERE entity_search MATCH ?)";
          java.util.function.Supplier<Future<List<Row>>> sorted = () ->
              KeysetList.rows(db, "entities e", null, set, List.of(match), keyCol, "e.entity_id", desc, page);
          Future<List<Row>> rowsOfPage = (double) total * total < (double) n * rows ? sorted.get()
              : walk(key, keyCol, desc, q, page, 4 * n * rows / total + 256)
                  .compose(walked -> walked != null ? Future.succeededFuture(walked) : sorted.get());
          return rowsOfPage.map(found -> KeysetList.toPage(sort, page, found, total));
        });
  }

  /**
   * The page by walking the sort's index up to {@code budget} rows past the cursor; null when that stretch holds
   * fewer matches than the page needs while more rows lie beyond it.
   */
  private Future<List<Row>> walk(SortIndex key, String keyCol, boolean desc, String q, PageRequest page,
                                 long budget) {
    String dir = desc ? " DESC" : " ASC";
    StringBuilder live = new StringBuilder("e.deleted_at IS NULL");
    List<Object> args = new ArrayList<>();
    if (page.cursor() != null) {
      live.append(" AND (").append(key.column()).append(", e.entity_id) ").append(desc ? "<" : ">")
          .append(" (?").append(key.collate()).append(", ?)");
      args.add(page.cursor().key());
      args.add(page.cursor().id());
    }
    Future<RowSet<Row>> bound = db.query("SELECT " + key.column() + ", e.entity_id FROM entities e INDEXED BY "
        + key.index() + " WHERE " + live
        + " ORDER BY " + keyCol + dir + ", e.entity_id" + dir + " LIMIT 1 OFFSET " + budget, Tuple.from(args));
    return bound.compose(b -> {
      StringBuilder where = new StringBuilder(live);
      List<Object> walkArgs = new ArrayList<>(args);
      Row last = b.iterator().hasNext() ? b.iterator().next() : null;
      if (last != null) {
        where.append(" AND (").append(key.column()).append(", e.entity_id) ").append(desc ? ">=" : "<=")
            .append(" (?").append(key.collate()).append(", ?)");
        walkArgs.add(last.getValue(0));
        walkArgs.add(last.getString(1));
      }
      where.append(" AND instr((SELECT body FROM entity_search s WHERE s.rowid = e.rid), ?) > 0");
      walkArgs.add(q);
      PageRequest noCursor = new PageRequest(page.limit(), page.offset(), null);
      return KeysetList.rows(db, "entities e", key.index(), where.toString(), walkArgs, keyCol, "e.entity_id", desc, noCursor)
          .map(found -> last != null && found.size() <= page.limit() ? null : found);
    });
  }

  /**
   * The events concerning an entity (its own stream's, and from {@code entity_events} its descriptors', its
   * relationships', its asset links'), oldest first,
   * as {@code {"items": [...], "limit", "next_cursor"}}; null when the entity never existed.
   */
  public Future<String> history(String entityId, long after, int limit) {
    Future<String> rid = db.string("SELECT CAST(rid AS TEXT) FROM entities WHERE entity_id = ?", Tuple.of(entityId));
    return rid.compose(found -> found == null ? Future.succeededFuture(null) : db.query(
        "SELECT ev.position, ev.event_id, ev.type, ev.stream_id, ev.stream_version, ev.time, ev.metadata, ev.data"
            + " FROM events ev WHERE ev.position IN (SELECT position FROM events WHERE stream_id = ? AND position > ?"
            + " UNION SELECT position FROM entity_events WHERE entity_rid = ? AND position > ?)"
            + " ORDER BY ev.position LIMIT ?",
        Tuple.of(Streams.entity(entityId), after, Long.parseLong(found), after, limit + 1)).map(rows -> {
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
