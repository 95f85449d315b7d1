package dev.faceforge.verticles.storage;

import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * One storage provider for content-addressed blobs keyed by their SHA-256 hex digest ({@code fs} and
 * {@code s3} implement it; {@link BlobStores} routes between them). Every method is non-blocking and
 * returns a future; arguments are checked first (a malformed hash or range fails with
 * {@link IllegalArgumentException}). A put takes a finished, already-hashed temp file and makes the
 * blob appear atomically: readers see the whole blob or none, and a failed put leaves nothing of its
 * own behind (no temp file, no unfinished multipart upload).
 */
public interface BlobStore {

  /** The provider name recorded in {@link StoredBlob#provider()}: {@code fs} or {@code s3}. */
  String provider();

  /**
   * Stores {@code source} (exactly {@code size} bytes whose SHA-256 is {@code sha256}) under its hash.
   * Idempotent: when the blob already exists the bytes are not written again. On success the source
   * file has been consumed (moved or deleted); on failure it is left untouched, so the caller may try
   * another store. A source whose size is not {@code size} fails with {@link IllegalArgumentException}.
   */
  Future<StoredBlob> put(String sha256, Path source, long size);

  /** Whether the blob is stored. */
  Future<Boolean> exists(String sha256);

  /** Removes the blob; removing a missing blob succeeds. */
  Future<Void> delete(String sha256);

  /**
   * Bytes {@code [offset, offset + length)} of the blob. Fails with {@link BlobNotFoundException} when
   * it is not stored and with {@link IllegalArgumentException} when the range does not fit the blob.
   */
  Future<BlobContent> read(String sha256, long offset, long length);

  /** Releases clients and threads; the store is unusable afterwards. */
  Future<Void> close();
}
