package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob storage of one Core: the configured providers ({@code fs} always, {@code s3} when a routing
 * rule uses it) and the {@code storage.routing} rules between them. This is what the asset routes
 * call: {@link #put} stores a finished temp file where the rules say, falling back to {@code fs} (and
 * saying so in the returned {@link StoredBlob}) when S3 fails; {@link #read}, {@link #exists} and
 * {@link #delete} follow a stored record to its provider. An unreachable S3 never stops startup, and
 * after a failure S3 is skipped for a cool-down so that uploads do not each wait for it to time out.
 */
public final class BlobStores {
  static final Duration S3_COOLDOWN = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(BlobStores.class);
  private static final Set<String> KNOWN = Set.of(FsBlobStore.PROVIDER, S3BlobStore.PROVIDER);

  private final Vertx vertx;
  private final RoutingRules rules;
  private final FsBlobStore fs;
  private final Optional<S3BlobStore> s3;
  private final Duration cooldown;
  /** {@link System#nanoTime()} before which writes skip S3; shared by every event loop, hence atomic. */
  private final AtomicLong s3SkippedUntil = new AtomicLong(System.nanoTime());

  BlobStores(Vertx vertx, RoutingRules rules, FsBlobStore fs, Optional<S3BlobStore> s3, Duration cooldown) {
    this.vertx = vertx;
    this.rules = rules;
    this.fs = fs;
    this.s3 = s3;
    this.cooldown = cooldown;
  }

  /**
   * The stores of {@code config}. Fails only for a routing rule naming an unknown provider
   * ({@link dev.faceforge.verticles.config.ConfigException}). The S3 bucket is checked (and created
   * when missing) in the background; the outcome is logged, and writes wait for that same check.
   */
  public static Future<BlobStores> start(Vertx vertx, CoreConfig config, HomeLayout layout) {
    BlobStores stores;
    try {
      RoutingRules rules = RoutingRules.of(config.storage().routing(), KNOWN);
      Optional<S3BlobStore> s3 = rules.providers().contains(S3BlobStore.PROVIDER)
          ? Optional.of(S3BlobStore.create(vertx, config)) : Optional.empty();
      stores = new BlobStores(vertx, rules, new FsBlobStore(vertx, layout.assetsDir()), s3, S3_COOLDOWN);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    stores.s3.ifPresent(stores::checkInBackground);
    return Future.succeededFuture(stores);
  }

  private void checkInBackground(S3BlobStore store) {
    store.ensureBucket().onComplete(
        ok -> LOG.info("S3 storage ready: {}", store),
        e -> {
          skipS3();
          LOG.warn("S3 storage unreachable at startup ({}): {}; writes routed to s3 go to fs until it answers",
              store, S3Errors.unwrap(e).toString());
        });
  }

  /** The provider the routing rules choose for a new blob of {@code kind} and {@code size} bytes. */
  public String route(String kind, long size) {
    return rules.providerFor(kind, size);
  }

  /**
   * Stores {@code tempFile} ({@code size} bytes hashing to {@code sha256}) in the provider chosen for
   * {@code kind}; when that is S3 and S3 fails (or failed less than 30 s ago), stores it in {@code fs}
   * and returns a record with {@code fallback_from: "s3"}. Always consumes {@code tempFile}: on
   * success it was moved or uploaded, on failure it is deleted.
   */
  public Future<StoredBlob> put(String kind, String sha256, Path tempFile, long size) {
    BlobStore chosen = store(route(kind, size));
    Future<StoredBlob> stored;
    if (chosen == fs) {
      stored = fs.put(sha256, tempFile, size);
    } else if (System.nanoTime() - s3SkippedUntil.get() < 0) {
      LOG.info("storing {} in fs instead of s3, which failed less than {} s ago", sha256, cooldown.toSeconds());
      stored = fs.put(sha256, tempFile, size).map(blob -> blob.withFallbackFrom(chosen.provider()));
    } else {
      stored = chosen.put(sha256, tempFile, size).recover(e -> fallBack(chosen, e, sha256, tempFile, size));
    }
    return stored.recover(e -> deleteTemp(tempFile).transform(deleted -> Future.failedFuture(e)));
  }

  private Future<StoredBlob> fallBack(BlobStore failed, Throwable cause, String sha256, Path tempFile, long size) {
    if (cause instanceof IllegalArgumentException) {
      return Future.failedFuture(cause); // the caller's mistake: fs would refuse it too
    }
    skipS3();
    LOG.warn("{} put of {} failed ({}); storing it in fs instead, and skipping {} for {} s", failed.provider(), sha256,
        cause.toString(), failed.provider(), cooldown.toSeconds());
    return fs.put(sha256, tempFile, size).map(stored -> stored.withFallbackFrom(failed.provider()));
  }

  private void skipS3() {
    s3SkippedUntil.set(System.nanoTime() + cooldown.toNanos());
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

  /**
   * The file that holds a blob of the {@code fs} store, so that a download can send it without asking the store
   * first: a blob never changes, so its size is the one its asset recorded, and a missing file shows when it is
   * opened. Empty for the other providers, whose bytes are read with {@link #read}.
   */
  public Optional<Path> localFile(StoredBlob storage) {
    return FsBlobStore.PROVIDER.equals(storage.provider()) ? Optional.of(fs.pathOf(storage.sha256()))
        : Optional.empty();
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
