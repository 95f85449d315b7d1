package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The {@code s3} provider: blobs are objects {@code sha256/ab/cd/<hash>} in one bucket of any
 * S3-compatible endpoint (SeaweedFS, AWS, MinIO...), through the non-blocking {@link S3AsyncClient}.
 * The bucket is created when missing, before the first write. Files below the multipart threshold
 * (64 MiB) go up in one PUT, larger ones as a multipart upload of 16 MiB parts (aborted on failure).
 * Reads are ranged GETs whose body is bridged to a back-pressured Vert.x stream.
 */
public final class S3BlobStore implements BlobStore {
  public static final String PROVIDER = "s3";
  public static final long DEFAULT_MULTIPART_THRESHOLD = 64L << 20;
  public static final long DEFAULT_PART_SIZE = 16L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

  private final Vertx vertx;
  private final S3Clients.Connection connection;
  private final S3AsyncClient s3;
  private final String bucket;
  private final Optional<URI> endpoint;
  private final String describe;
  private final long multipartThreshold;
  private final long partSize;
  /** The bucket check in flight or passed; cleared on failure so that the next write asks again. */
  private final AtomicReference<Future<Void>> bucketReady = new AtomicReference<>();

  S3BlobStore(Vertx vertx, S3Clients.Connection connection, Optional<URI> endpoint, String bucket,
              long multipartThreshold, long partSize) {
    this.vertx = vertx;
    this.connection = connection;
    this.s3 = connection.client();
    this.bucket = bucket;
    this.endpoint = endpoint;
    this.describe = endpoint.map(URI::toString).orElse("AWS") + " bucket " + bucket;
    this.multipartThreshold = multipartThreshold;
    this.partSize = partSize;
  }

  /** A store for {@code storage.s3} (see {@link #endpoint(CoreConfig)}); no request is sent yet. */
  public static S3BlobStore create(Vertx vertx, CoreConfig config) {
    Optional<URI> endpoint = endpoint(config);
    CoreConfig.S3 settings = config.storage().s3();
    return new S3BlobStore(vertx, S3Clients.connect(settings, endpoint), endpoint, settings.bucket(),
        DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
  }

  /**
   * {@code storage.s3.endpoint} when set, else the local SeaweedFS ({@code http://127.0.0.1:<seaweed.s3_port>})
   * when {@code seaweed.enabled}, else empty: AWS's endpoint for {@code storage.s3.region}.
   */
  public static Optional<URI> endpoint(CoreConfig config) {
    return S3Clients.endpoint(config);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  public String bucket() {
    return bucket;
  }

  /**
   * Creates the bucket unless it exists, after a quick TCP probe of the endpoint. Concurrent callers
   * share one check; once it passed it is not repeated, and a failure is retried by the next call.
   */
  public Future<Void> ensureBucket() {
    Promise<Void> promise = Promise.promise();
    if (!bucketReady.compareAndSet(null, promise.future())) {
      return bucketReady.get();
    }
    endpoint.map(uri -> EndpointProbe.reachable(vertx, uri)).orElse(Future.succeededFuture())
        .compose(reachable -> sdk(s3.headBucket(b -> b.bucket(bucket)))).<Void>mapEmpty()
        .recover(e -> S3Errors.isNoSuchBucket(e) ? createBucket() : Future.failedFuture(e))
        .onComplete(checked -> {
          if (checked.failed()) {
            bucketReady.compareAndSet(promise.future(), null);
          }
          promise.handle(checked);
        });
    return promise.future();
  }

  private Future<Void> createBucket() {
    LOG.info("creating S3 bucket {} at {}", bucket, describe);
    return sdk(s3.createBucket(b -> b.bucket(bucket))).<Void>mapEmpty()
        .recover(e -> S3Errors.unwrap(e) instanceof BucketAlreadyOwnedByYouException
            ? Future.succeededFuture() : Future.failedFuture(e));
  }

  @Override
  public Future<StoredBlob> put(String sha256, Path source, long size) {
    String key;
    try {
      key = ContentKeys.keyOf(sha256);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return ensureBucket()
        .compose(v -> storedSize(key))
        .compose(existing -> existing.isPresent() && existing.get() == size
            ? Future.succeededFuture() : upload(key, source, size))
        .compose(v -> vertx.fileSystem().delete(source.toString()))
        .map(v -> StoredBlob.s3(bucket, sha256))
        .onFailure(e -> {
          if (S3Errors.isUnreachable(e)) {
            bucketReady.set(null); // probe the endpoint again before the next write
          }
        });
  }

  private Future<Void> upload(String key, Path source, long size) {
    if (size >= multipartThreshold) {
      return new MultipartUpload(s3, vertx.getOrCreateContext(), bucket, key, source, size, partSize).run();
    }
    return vertx.fileSystem().props(source.toString()).compose(props -> {
      if (props.size() != size) {
        return Future.failedFuture(ContentKeys.sizeMismatch(props.size(), size));
      }
      return sdk(s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size), AsyncRequestBody.fromFile(source)))
          .mapEmpty();
    });
  }

  /** The object's size, or empty when it does not exist. */
  private Future<Optional<Long>> storedSize(String key) {
    return sdk(s3.headObject(b -> b.bucket(bucket).key(key)))
        .map(head -> Optional.of(head.contentLength()))
        .recover(e -> S3Errors.isNotFound(e) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
  }

  @Override
  public Future<Boolean> exists(String sha256) {
    try {
      return storedSize(ContentKeys.keyOf(sha256)).map(Optional::isPresent);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> delete(String sha256) {
    try {
      String key = ContentKeys.keyOf(sha256);
      return sdk(s3.deleteObject(b -> b.bucket(bucket).key(key))).mapEmpty();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<BlobContent> read(String sha256, long offset, long length) {
    String key;
    try {
      key = ContentKeys.keyOf(sha256);
      ContentKeys.requireRange(offset, length);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (length == 0) {
      return readNothing(sha256, key, offset);
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    CompletableFuture<ResponsePublisher<GetObjectResponse>> get =
        s3.getObject(b -> b.bucket(bucket).key(key).range(range), AsyncResponseTransformer.toPublisher());
    return sdk(get)
        .recover(e -> Future.failedFuture(readFailure(e, sha256, offset, length)))
        .compose(body -> checkedStream(body, offset, length));
  }

  /** S3 answers a range that runs past the end with fewer bytes, not an error: refuse it like the fs store does. */
  private Future<BlobContent> checkedStream(ResponsePublisher<GetObjectResponse> body, long offset, long length) {
    Long received = body.response().contentLength();
    if (received == null || received != length) {
      PublisherReadStream.subscribe(vertx, body).handler(null);
      return Future.failedFuture(ContentKeys.rangeBeyondEnd(offset, length, totalSize(body.response(), offset, received)));
    }
    return Future.succeededFuture(new BlobContent.Streamed(PublisherReadStream.subscribe(vertx, body), offset, length));
  }

  private static long totalSize(GetObjectResponse response, long offset, Long received) {
    String contentRange = response.contentRange();
    if (contentRange != null && contentRange.contains("/")) {
      try {
        return Long.parseLong(contentRange.substring(contentRange.lastIndexOf('/') + 1));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    return offset + (received == null ? 0 : received);
  }

  private Future<BlobContent> readNothing(String sha256, String key, long offset) {
    return storedSize(key).compose(size -> {
      if (size.isEmpty()) {
        return Future.failedFuture(new BlobNotFoundException(PROVIDER, sha256));
      }
      if (offset > size.get()) {
        return Future.failedFuture(ContentKeys.rangeBeyondEnd(offset, 0, size.get()));
      }
      Publisher<java.nio.ByteBuffer> empty = subscriber -> subscriber.onSubscribe(new EmptySubscription(subscriber));
      return Future.succeededFuture(new BlobContent.Streamed(PublisherReadStream.subscribe(vertx, empty), offset, 0));
    });
  }

  private Throwable readFailure(Throwable e, String sha256, long offset, long length) {
    if (S3Errors.isNotFound(e)) {
      return new BlobNotFoundException(PROVIDER, sha256);
    }
    if (S3Errors.isInvalidRange(e)) {
      return new IllegalArgumentException("range offset " + offset + ", length " + length + " exceeds the blob");
    }
    return S3Errors.unwrap(e);
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      connection.close();
      return null;
    }, false);
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + describe + "]";
  }

  /** An SDK future as a Vert.x future whose callbacks run on the caller's context, unwrapped of CompletionException. */
  private <T> Future<T> sdk(CompletableFuture<T> future) {
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(future, context).recover(e -> Future.failedFuture(S3Errors.unwrap(e)));
  }
}
