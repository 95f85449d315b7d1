package dev.faceforge.verticles.read;

import dev.faceforge.projections.ValidTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Descriptor queries: by id, and an entity's descriptors filtered by key and by validity at an instant. */
public final class DescriptorReads {
  private final ReadPool db;

  public DescriptorReads(ReadPool db) {
    this.db = db;
  }

  public Future<Doc> get(String descriptorId) {
    return db.doc("SELECT doc, version FROM descriptors WHERE descriptor_id = ?", Tuple.of(descriptorId));
  }

  /** {@code at} is a date or date-time (already validated); null means any time. */
  public Future<Page> list(String entityId, String key, String at, PageRequest page) {
    StringBuilder where = new StringBuilder("d.entity_id = ?");
    List<Object> args = new ArrayList<>(List.of(entityId));
    if (key != null) {
      where.append(" AND d.key = ?");
      args.add(key);
    }
    if (at != null) {
      where.append(" AND (d.valid_from_key IS NULL OR d.valid_from_key <= ?)"
          + " AND (d.valid_to_key IS NULL OR d.valid_to_key >= ?)");
      args.add(ValidTime.fromKey(at));
      args.add(ValidTime.fromKey(at));
    }
    return KeysetList.page(db, "descriptors d", where.toString(), args, "d.created_at", "d.descriptor_id", false,
        "created_at", page);
  }
}
