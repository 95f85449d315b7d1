package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.storage.BlobContent;
import dev.faceforge.verticles.storage.BlobStores;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** The asset side's view of blob storage: storage records as they appear in asset documents (JSON). */
public final class BlobAccess {
  private final BlobStores stores;

  public BlobAccess(BlobStores stores) {
    this.stores = stores;
  }

  /** Stores a finished temp file for an asset of {@code kind}; answers its {@code storage} record. */
  public Future<ObjectNode> put(Path temp, String sha256, long size, String kind) {
    return stores.put(kind, sha256, temp, size)
        .map(stored -> (ObjectNode) DomainEvents.MAPPER.valueToTree(stored.toJson().getMap()));
  }

  public Future<BlobContent> read(ObjectNode storage, long offset, long length) {
    return read(record(storage), offset, length);
  }

  public Future<BlobContent> read(StoredBlob storage, long offset, long length) {
    return stores.read(storage, offset, length);
  }

  /** The local file of a blob whose provider keeps one ({@code fs}), else null; see {@link BlobStores#localFile}. */
  public Path localFile(StoredBlob storage) {
    return stores.localFile(storage).orElse(null);
  }

  public Future<Boolean> exists(ObjectNode storage) {
    return stores.exists(record(storage));
  }

  public Future<Void> delete(ObjectNode storage) {
    return stores.delete(record(storage));
  }

  static StoredBlob record(ObjectNode storage) {
    return StoredBlob.fromJson(new JsonObject(storage.toString()));
  }
}
