package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob storage of one Core: the configured providers ({@code fs} always, {@code s3} when a routing
 * rule uses it) and the {@code storage.routing} rules between them. This is what the asset routes
 * call: {@link #put} stores a finished temp file where the rules say, falling back to {@code fs} (and
 * saying so in the returned {@link StoredBlob}) when S3 fails; {@link #read}, {@link #exists} and
 * {@link #delete} follow a stored record to its provider. An unreachable S3 never stops startup.
 */
public final class BlobStores {
  private static final Logger LOG = LoggerFactory.getLogger(BlobStores.class);
  private static final Set<String> KNOWN = Set.of(FsBlobStore.PROVIDER, S3BlobStore.PROVIDER);

  private final Vertx vertx;
  private final RoutingRules rules;
  private final FsBlobStore fs;
  private final Optional<S3BlobStore> s3;

  BlobStores(Vertx vertx, RoutingRules rules, FsBlobStore fs, Optional<S3BlobStore> s3) {
    this.vertx = vertx;
    this.rules = rules;
    this.fs = fs;
    this.s3 = s3;
  }

  /**
   * The stores of {@code config}, with the S3 bucket created when missing. Fails only for a routing
   * rule naming an unknown provider ({@link dev.faceforge.verticles.config.ConfigException}); an S3
   * endpoint that does not answer is logged and retried at each write.
   */
  public static Future<BlobStores> start(Vertx vertx, CoreConfig config, HomeLayout layout) {
    BlobStores stores;
    try {
      RoutingRules rules = RoutingRules.of(config.storage().routing(), KNOWN);
      Optional<S3BlobStore> s3 = rules.providers().contains(S3BlobStore.PROVIDER)
          ? Optional.of(S3BlobStore.create(vertx, config)) : Optional.empty();
      stores = new BlobStores(vertx, rules, new FsBlobStore(vertx, layout.assetsDir()), s3);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return stores.checkS3().map(stores);
  }

  private Future<Void> checkS3() {
    return s3.map(store -> store.ensureBucket()
            .onSuccess(v -> LOG.info("S3 storage ready: {}", store))
            .otherwise(e -> {
              LOG.warn("S3 storage unreachable at startup ({}): {}; writes routed to s3 fall back to fs until it answers",
                  store, S3Errors.unwrap(e).toString());
              return null;
            }))
        .orElse(Future.succeededFuture());
  }

  /** The provider the routing rules choose for a new blob of {@code kind} and {@code size} bytes. */
  public String route(String kind, long size) {
    return rules.providerFor(kind, size);
  }

  /**
   * Stores {@code tempFile} ({@code size} bytes hashing to {@code sha256}) in the provider chosen for
   * {@code kind}; when that is S3 and S3 fails, stores it in {@code fs} and returns a record with
   * {@code fallback_from: "s3"}. Always consumes {@code tempFile}: on success it was moved or
   * uploaded, on failure it is deleted.
   */
  public Future<StoredBlob> put(String kind, String sha256, Path tempFile, long size) {
    BlobStore chosen = store(route(kind, size));
    Future<StoredBlob> stored = chosen.put(sha256, tempFile, size);
    if (chosen != fs) {
      stored = stored.recover(e -> fallBack(chosen, e, sha256, tempFile, size));
    }
    return stored.recover(e -> deleteTemp(tempFile).transform(deleted -> Future.failedFuture(e)));
  }

  private Future<StoredBlob> fallBack(BlobStore failed, Throwable cause, String sha256, Path tempFile, long size) {
    if (cause instanceof IllegalArgumentException) {
      return Future.failedFuture(cause); // the caller's mistake: fs would refuse it too
    }
    LOG.warn("{} put of {} failed ({}); storing it in fs instead", failed.provider(), sha256, cause.toString());
    return fs.put(sha256, tempFile, size).map(stored -> stored.withFallbackFrom(failed.provider()));
  }

  private Future<Void> deleteTemp(Path tempFile) {
    return vertx.fileSystem().delete(tempFile.toString())
        .recover(e -> vertx.fileSystem().exists(tempFile.toString()).compose(exists -> {
          if (exists) {
            LOG.warn("could not delete the temp file {} after a failed put: {}", tempFile, e.toString());
          }
          return Future.succeededFuture();
        }));
  }

  /** Bytes {@code [offset, offset + length)} of a stored blob; see {@link BlobStore#read}. */
  public Future<BlobContent> read(StoredBlob storage, long offset, long length) {
    return resolve(storage).compose(store -> store.read(storage.sha256(), offset, length));
  }

  /** Whether a stored blob's bytes are there. */
  public Future<Boolean> exists(StoredBlob storage) {
    return resolve(storage).compose(store -> store.exists(storage.sha256()));
  }

  /** Removes a stored blob's bytes (the caller checks that no live asset still references them). */
  public Future<Void> delete(StoredBlob storage) {
    return resolve(storage).compose(store -> store.delete(storage.sha256()));
  }

  /** The store named {@code provider}; throws {@link IllegalStateException} when it is not configured. */
  public BlobStore store(String provider) {
    if (FsBlobStore.PROVIDER.equals(provider)) {
      return fs;
    }
    if (S3BlobStore.PROVIDER.equals(provider) && s3.isPresent()) {
      return s3.get();
    }
    throw new IllegalStateException("storage provider \"" + provider + "\" is not configured");
  }

  private Future<BlobStore> resolve(StoredBlob storage) {
    try {
      BlobStore store = store(storage.provider());
      if (store instanceof S3BlobStore s3Store && !storage.bucket().equals(Optional.of(s3Store.bucket()))) {
        throw new IllegalStateException("blob " + storage.key() + " is in bucket " + storage.bucket().orElse("?")
            + " but storage.s3.bucket is " + s3Store.bucket());
      }
      return Future.succeededFuture(store);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Closes every store. */
  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>(List.of(fs.close()));
    s3.ifPresent(store -> closing.add(store.close()));
    return Future.join(closing).mapEmpty();
  }

}
