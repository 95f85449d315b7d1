package dev.faceforge.verticles.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fs} provider: blobs are plain files under the assets folder, content-addressed as
 * {@code assets/sha256/ab/cd/<hash>}, so a user can see and back them up. A put moves the caller's temp
 * file into place with one atomic rename when {@code tmp/} shares the file system (the normal case),
 * else copies it through a temp file beside the target (fsync, rename, fsync the folder). Reads hand
 * out the file itself for zero-copy sending. All file I/O runs on the store's own pool of Vert.x worker
 * threads ({@value #IO_THREADS}): a put spends most of its time waiting in fsync, so many puts at once (a bulk
 * import) overlap their waits there without taking the shared worker pool from readers and parsers.
 */
public final class FsBlobStore implements BlobStore {
  public static final String PROVIDER = "fs";
  /** Enough concurrent fsyncs to keep a disk busy (a 2-core VM's disk: 330 fsyncs/s from 1 thread, 11,000 from 32). */
  static final int IO_THREADS = 32;
  private static final Logger LOG = LoggerFactory.getLogger(FsBlobStore.class);

  private final Path root;
  private final boolean renameAllowed;
  private final WorkerExecutor io;

  /** A store rooted at {@code assetsDir} (created on first put when missing). */
  public FsBlobStore(Vertx vertx, Path assetsDir) {
    this(vertx, assetsDir, true);
  }

  /** {@code renameAllowed = false} forces the copy path, as if the source were on another file system. */
  FsBlobStore(Vertx vertx, Path assetsDir, boolean renameAllowed) {
    this.root = assetsDir.toAbsolutePath().normalize();
    this.renameAllowed = renameAllowed;
    this.io = vertx.createSharedWorkerExecutor("faceforge-blob-io", IO_THREADS);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /** The file that holds (or would hold) the blob. */
  public Path pathOf(String sha256) {
    return root.resolve(ContentKeys.keyOf(sha256).replace('/', root.getFileSystem().getSeparator().charAt(0)));
  }

  @Override
  public Future<StoredBlob> put(String sha256, Path source, long size) {
    return blocking(() -> {
      Path target = pathOf(sha256);
      if (size < 0) {
        throw new IllegalArgumentException("negative size " + size);
      }
      if (!isStored(target, size)) {
        write(source, target, size);
      }
      Files.deleteIfExists(source);
      return StoredBlob.fs(sha256);
    });
  }

  private boolean isStored(Path target, long size) throws IOException {
    if (!Files.isRegularFile(target)) {
      return false;
    }
    long existing = Files.size(target);
    if (existing != size) {
      // Cannot happen through this class (writes are atomic); heal what someone else damaged.
      LOG.warn("fs blob {} has {} bytes instead of {}; replacing it", target, existing, size);
      return false;
    }
    return true;
  }

  private void write(Path source, Path target, long size) throws IOException {
    Path dir = target.getParent();
    BlobFiles.createDirectories(root, dir);
    if (renameAllowed) {
      long actual = Files.size(source);
      if (actual != size) {
        throw ContentKeys.sizeMismatch(actual, size);
      }
      BlobFiles.fsync(source);
      if (BlobFiles.tryAtomicMove(source, target)) {
        BlobFiles.fsyncDirectory(dir);
        return;
      }
    }
    BlobFiles.copyIntoPlace(source, target, size);
    BlobFiles.fsyncDirectory(dir);
  }

  @Override
  public Future<Boolean> exists(String sha256) {
    return blocking(() -> Files.isRegularFile(pathOf(sha256)));
  }

  @Override
  public Future<Void> delete(String sha256) {
    return blocking(() -> {
      Path target = pathOf(sha256);
      if (Files.deleteIfExists(target)) {
        BlobFiles.fsyncDirectory(target.getParent());
      }
      return null;
    });
  }

  @Override
  public Future<BlobContent> read(String sha256, long offset, long length) {
    return blocking(() -> {
      ContentKeys.requireRange(offset, length);
      Path target = pathOf(sha256);
      long size;
      try {
        size = Files.size(target);
      } catch (NoSuchFileException e) {
        throw new BlobNotFoundException(PROVIDER, sha256);
      }
      if (offset + length > size) {
        throw ContentKeys.rangeBeyondEnd(offset, length, size);
      }
      return new BlobContent.LocalFile(target, offset, length);
    });
  }

  @Override
  public Future<Void> close() {
    return io.close();
  }

  /** Runs file I/O on a worker thread; the callable validates its arguments there too, so bad input is a failed future. */
  private <T> Future<T> blocking(Callable<T> work) {
    return io.executeBlocking(work, false);
  }
}
