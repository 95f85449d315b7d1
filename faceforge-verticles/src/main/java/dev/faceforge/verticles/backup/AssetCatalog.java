package dev.faceforge.verticles.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.projections.events.AssetCreated;
import dev.faceforge.projections.events.AssetDeleted;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assets a stretch of the log knows, as of its last event: where each one's bytes are (the storage
 * record of its latest {@code asset.created}: a revival may store them elsewhere), how many there are, and
 * whether the asset is live. Fed event by event, in position order; only {@code asset.*} rows are parsed.
 */
final class AssetCatalog {
  /** One asset: its id (the sha256 of its bytes), storage record, size, and whether it is live. */
  record Asset(String assetId, ObjectNode storage, long size, boolean live) {
    /** The storage record; a malformed one is a {@link BackupException} naming the asset. */
    StoredBlob stored() {
      if (storage == null) {
        throw new BackupException("asset " + assetId + " has no storage record");
      }
      try {
        StoredBlob blob = StoredBlob.fromJson(new JsonObject(storage.toString()));
        if (!blob.sha256().equals(assetId)) {
          throw new IllegalArgumentException("its key names other bytes: " + blob.key());
        }
        return blob;
      } catch (IllegalArgumentException e) {
        throw new BackupException("asset " + assetId + " has an unusable storage record: " + e.getMessage());
      }
    }
  }

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  void accept(RecordedEvent row) {
    if (!row.type().startsWith("asset.")) {
      return;
    }
    if (AssetCreated.TYPE.equals(row.type()) && DomainEvents.parse(row) instanceof AssetCreated e) {
      assets.put(e.assetId(), new Asset(e.assetId(), e.storage(), e.sizeBytes(), true));
    } else if (AssetDeleted.TYPE.equals(row.type()) && DomainEvents.parse(row) instanceof AssetDeleted e) {
      assets.computeIfPresent(e.assetId(), (id, a) -> new Asset(id, a.storage(), a.size(), false));
    }
  }

  /** Every asset, in the order they were first created. */
  Collection<Asset> all() {
    return assets.values();
  }

  /** The live assets, in the order they were first created. */
  List<Asset> live() {
    List<Asset> out = new ArrayList<>();
    for (Asset a : assets.values()) {
      if (a.live()) {
        out.add(a);
      }
    }
    return out;
  }
}
