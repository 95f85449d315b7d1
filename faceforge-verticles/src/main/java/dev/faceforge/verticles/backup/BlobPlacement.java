package dev.faceforge.verticles.backup;

import dev.faceforge.verticles.storage.BlobStore;
import dev.faceforge.verticles.storage.BlobStores;
import dev.faceforge.verticles.storage.FsBlobStore;
import dev.faceforge.verticles.storage.S3BlobStore;
import dev.faceforge.verticles.storage.StoredBlob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where restored bytes go: into the provider each asset's storage record names (never re-routed, since
 * the record is part of the restored state), through this home's configuration. {@link #plan} checks,
 * before anything is written, that every such provider is configured here (and for S3, with the bucket
 * the record names); {@link #undo} removes the {@code fs} blobs an import added. Objects put into S3 are
 * left on failure: they are content-addressed and the bucket may be shared with the original home.
 */
final class BlobPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(BlobPlacement.class);

  private final BlobStores stores;
  private final Path configFile;

  BlobPlacement(BlobStores stores, Path configFile) {
    this.stores = stores;
    this.configFile = configFile;
  }

  /** One blob to restore: the asset, its archive entry, and where it goes. */
  record Item(String assetId, Manifest.Blob blob, StoredBlob storage) {
  }

  /**
   * The blobs the live assets need, in order; an asset whose bytes are not in the archive is a warning
   * (added to {@code warnings}); a provider this home does not configure is a {@link BackupException}.
   */
  List<Item> plan(Manifest manifest, List<AssetCatalog.Asset> live, List<String> warnings) {
    Map<String, Manifest.Blob> blobs = new HashMap<>();
    manifest.blobs().forEach(b -> blobs.put(b.sha256(), b));
    Map<String, String> missing = new HashMap<>();
    manifest.missing().forEach(m -> missing.put(m.sha256(), m.reason()));
    List<Item> plan = new ArrayList<>();
    for (AssetCatalog.Asset asset : live) {
      StoredBlob storage = asset.stored();
      requireConfigured(asset.assetId(), storage);
      Manifest.Blob blob = blobs.get(asset.assetId());
      if (blob == null) {
        String why = missing.getOrDefault(asset.assetId(), "they were not there when the archive was made");
        warnings.add("asset " + asset.assetId() + ": its bytes are not in the archive (" + why
            + "); it is restored without them");
      } else if (blob.size() != asset.size()) {
        throw new BackupException("blob " + blob.sha256() + ": " + Manifest.ENTRY + " says " + blob.size()
            + " bytes, the log says " + asset.size() + " (archive corrupted)");
      } else {
        plan.add(new Item(asset.assetId(), blob, storage));
      }
    }
    return plan;
  }

  private void requireConfigured(String assetId, StoredBlob storage) {
    BlobStore store;
    try {
      store = stores.store(storage.provider());
    } catch (IllegalStateException e) {
      throw new BackupException("asset " + assetId + " is stored in " + describe(storage) + ", which this home does"
          + " not configure: set storage.s3 and a storage.routing rule that uses " + storage.provider() + " in "
          + configFile + ", then import again");
    }
    if (store instanceof S3BlobStore s3 && !storage.bucket().equals(Optional.of(s3.bucket()))) {
      throw new BackupException("asset " + assetId + " is stored in " + describe(storage) + ", but this home's"
          + " storage.s3.bucket is " + s3.bucket() + ": set it to " + storage.bucket().orElse("?") + " in "
          + configFile + ", then import again");
    }
  }

  private static String describe(StoredBlob storage) {
    return storage.provider() + storage.bucket().map(b -> " (bucket " + b + ")").orElse("");
  }

  /** Stores the extracted {@code temp} file (consumed); true when it added an {@code fs} blob that was not there. */
  boolean put(Item item, Path temp) {
    BlobStore store = stores.store(item.storage().provider());
    boolean added = store instanceof FsBlobStore && !Blocking.await(store.exists(item.blob().sha256()));
    try {
      Blocking.await(store.put(item.blob().sha256(), temp, item.blob().size()));
    } catch (RuntimeException e) {
      throw new BackupException("asset " + item.assetId() + ": storing its bytes in " + describe(item.storage())
          + " failed: " + e.getMessage(), e);
    }
    return added;
  }

  /** Removes the {@code fs} blobs {@link #put} added. */
  void undo(List<Item> added) {
    for (Item item : added) {
      try {
        Blocking.await(stores.store(item.storage().provider()).delete(item.blob().sha256()));
      } catch (RuntimeException e) {
        LOG.warn("could not remove blob {} after a failed import: {}", item.blob().sha256(), e.toString());
      }
    }
  }
}
