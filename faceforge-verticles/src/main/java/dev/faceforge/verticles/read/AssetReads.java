package dev.faceforge.verticles.read;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Asset queries: by id, and lists filtered by kind, media-type prefix, linked entity, hash or parent. */
public final class AssetReads {
  private final ReadPool db;

  public AssetReads(ReadPool db) {
    this.db = db;
  }

  /** What to list; null fields do not filter. */
  public record Filter(String kind, String mimePrefix, String entityId, String contentHash, String derivedFrom,
                       boolean includeDeleted) {
  }

  public Future<Doc> get(String assetId, boolean includeDeleted) {
    return db.doc("SELECT doc, version FROM assets WHERE asset_id = ?"
        + (includeDeleted ? "" : " AND deleted_at IS NULL"), Tuple.of(assetId));
  }

  /** The documents of those of {@code assetIds} that are live assets, by id (one query for a batch). */
  public Future<Map<String, String>> liveDocs(Collection<String> assetIds) {
    if (assetIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String marks = String.join(", ", Collections.nCopies(assetIds.size(), "?"));
    return db.query("SELECT asset_id, doc FROM assets WHERE deleted_at IS NULL AND asset_id IN (" + marks + ")",
        Tuple.wrap(new ArrayList<Object>(assetIds))).map(rows -> {
          Map<String, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString(0), r.getString(1)));
          return out;
        });
  }

  public Future<Page> list(Filter f, PageRequest page) {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (!f.includeDeleted()) {
      where.append(" AND a.deleted_at IS NULL");
    }
    if (f.kind() != null) {
      where.append(" AND a.kind = ?");
      args.add(f.kind());
    }
    if (f.mimePrefix() != null) {
      where.append(" AND substr(a.mime_type, 1, ?) = ?");
      args.add(f.mimePrefix().length());
      args.add(f.mimePrefix());
    }
    if (f.entityId() != null) {
      where.append(" AND a.asset_id IN (SELECT asset_id FROM asset_links WHERE entity_id = ?)");
      args.add(f.entityId());
    }
    if (f.contentHash() != null) {
      where.append(" AND a.asset_id = ?");
      args.add(f.contentHash());
    }
    if (f.derivedFrom() != null) {
      where.append(" AND a.derived_from_asset_id = ?");
      args.add(f.derivedFrom());
    }
    return KeysetList.page(db, "assets a", where.toString(), args, "a.created_at", "a.asset_id", true,
        "-created_at", page);
  }
}
