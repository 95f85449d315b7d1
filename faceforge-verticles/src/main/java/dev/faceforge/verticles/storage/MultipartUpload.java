package dev.faceforge.verticles.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One multipart upload of a file: create, upload parts straight from the file (a few at a time, no
 * part is buffered in memory), complete; on any failure the upload is aborted so that no orphan
 * parts stay billed on the server. The SDK reports a source that holds fewer bytes than declared, and
 * the final size check catches one that holds more. Callbacks run on one Vert.x context, which owns
 * the part cursor and the list of finished parts.
 */
final class MultipartUpload {
  static final int MAX_PARTS = 10_000;
  private static final int PARALLEL_PARTS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUpload.class);

  private final S3AsyncClient s3;
  private final Context context;
  private final String bucket;
  private final String key;
  private final Path source;
  private final long size;
  private final long partSize;
  private final int partCount;
  private final List<CompletedPart> done = new ArrayList<>();
  private int nextPart = 1;
  private boolean failed;
  private String uploadId;

  MultipartUpload(S3AsyncClient s3, Context context, String bucket, String key, Path source, long size,
                  long minPartSize) {
    this.s3 = s3;
    this.context = context;
    this.bucket = bucket;
    this.key = key;
    this.source = source;
    this.size = size;
    this.partSize = Math.max(minPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    this.partCount = (int) ((size + partSize - 1) / partSize);
  }

  Future<Void> run() {
    return vertx(s3.createMultipartUpload(b -> b.bucket(bucket).key(key)))
        .compose(created -> {
          uploadId = created.uploadId();
          return uploadParts().compose(v -> checkSourceSize()).compose(v -> complete())
              .recover(this::abort);
        });
  }

  private Future<Void> uploadParts() {
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(PARALLEL_PARTS, partCount); i++) {
      lanes.add(nextInLane());
    }
    // join, not all: abort only once no part is still in flight, or it could land after the abort.
    return Future.join(lanes).mapEmpty();
  }

  /** Uploads parts one after the other until none is left; several lanes run side by side. */
  private Future<Void> nextInLane() {
    if (nextPart > partCount || failed) {
      return Future.succeededFuture();
    }
    int number = nextPart++;
    long offset = (number - 1) * partSize;
    long length = Math.min(partSize, size - offset);
    AsyncRequestBody body = AsyncRequestBody.fromFile(f -> f.path(source).position(offset).numBytesToRead(length));
    return vertx(s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
        .contentLength(length), body))
        .onFailure(e -> failed = true)
        .compose(uploaded -> {
          done.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag()).build());
          return nextInLane();
        });
  }

  private Future<Void> checkSourceSize() {
    return context.owner().fileSystem().props(source.toString()).compose(props -> props.size() == size
        ? Future.succeededFuture()
        : Future.failedFuture(ContentKeys.sizeMismatch(props.size(), size)));
  }

  private Future<Void> complete() {
    done.sort(Comparator.comparingInt(CompletedPart::partNumber));
    return vertx(s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(done)))).mapEmpty();
  }

  /** Aborts the upload, then fails with the clearest reason: a source of the wrong size, else the original failure. */
  private Future<Void> abort(Throwable cause) {
    return vertx(s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)))
        .transform(aborted -> {
          if (aborted.failed()) {
            LOG.warn("could not abort multipart upload {} of s3://{}/{}: {}", uploadId, bucket, key,
                aborted.cause().toString());
          }
          return cause instanceof IllegalArgumentException ? Future.<Void>failedFuture(cause) : checkSourceSize();
        })
        .transform(checked -> Future.failedFuture(checked.failed() ? checked.cause() : cause));
  }

  private <T> Future<T> vertx(CompletableFuture<T> sdkFuture) {
    return Future.fromCompletionStage(sdkFuture, context).recover(e -> Future.failedFuture(S3Errors.unwrap(e)));
  }
}
