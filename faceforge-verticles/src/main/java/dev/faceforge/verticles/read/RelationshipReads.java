package dev.faceforge.verticles.read;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Relationship queries (by either side, by type) and relation-type suggestions: a seeded vocabulary
 * plus the types in use, prefix matches first, then substring matches, most used first.
 */
public final class RelationshipReads {
  /** Common relation types offered before anyone has used them. */
  static final List<String> SEEDED = List.of("alias_of", "ally_of", "child_of", "colleague_of", "cousin_of",
      "created_by", "enemy_of", "friend_of", "grandparent_of", "member_of", "mentor_of", "parent_of",
      "partner_of", "related_to", "rival_of", "sibling_of", "spouse_of", "student_of", "works_with");

  private final ReadPool db;

  public RelationshipReads(ReadPool db) {
    this.db = db;
  }

  public Future<Doc> get(String relationshipId) {
    return db.doc("SELECT doc, version FROM relationships WHERE relationship_id = ?", Tuple.of(relationshipId));
  }

  public Future<Page> list(String entityId, String type, PageRequest page) {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (entityId != null) {
      where.append(" AND (r.source_entity_id = ? OR r.target_entity_id = ?)");
      args.add(entityId);
      args.add(entityId);
    }
    if (type != null) {
      where.append(" AND r.type = ?");
      args.add(type.toLowerCase(Locale.ROOT));
    }
    return KeysetList.page(db, "relationships r", where.toString(), args, "r.created_at", "r.relationship_id",
        false, "created_at", page);
  }

  /** {@code {"items": [{"type", "in_use", "seeded"}]}}. */
  public Future<String> types(String query, int limit) {
    String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
    return db.query("SELECT type, COUNT(*) FROM relationships GROUP BY type", Tuple.tuple()).map(rows -> {
      Map<String, Long> inUse = new LinkedHashMap<>();
      rows.forEach(r -> inUse.put(r.getString(0), r.getLong(1)));
      List<String> all = new ArrayList<>(inUse.keySet());
      SEEDED.stream().filter(t -> !inUse.containsKey(t)).forEach(all::add);
      all.sort((a, b) -> Long.compare(inUse.getOrDefault(b, 0L), inUse.getOrDefault(a, 0L)) != 0
          ? Long.compare(inUse.getOrDefault(b, 0L), inUse.getOrDefault(a, 0L)) : a.compareTo(b));
      JsonArray items = new JsonArray();
      for (boolean prefix : new boolean[] {true, false}) {
        for (String t : all) {
          boolean match = prefix ? t.startsWith(q) : !t.startsWith(q) && t.contains(q);
          if (match && items.size() < limit) {
            items.add(new JsonObject().put("type", t).put("in_use", inUse.getOrDefault(t, 0L))
                .put("seeded", SEEDED.contains(t)));
          }
        }
      }
      return new JsonObject().put("items", items).encode();
    });
  }
}
