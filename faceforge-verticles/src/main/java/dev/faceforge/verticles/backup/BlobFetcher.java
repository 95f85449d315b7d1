package dev.faceforge.verticles.backup;

import dev.faceforge.verticles.storage.BlobContent;
import dev.faceforge.verticles.storage.BlobStores;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a stored blob as a local file, for blocking code, read through {@link BlobStores} so that
 * every provider works: an {@code fs} blob is its own file (no copy); an {@code s3} blob is downloaded,
 * back-pressured, into a temp file under {@code tmp/} that {@link Local#close} removes. Fails like the
 * store does: {@link dev.faceforge.verticles.storage.BlobNotFoundException} when the bytes are not there,
 * {@link IllegalArgumentException} when there are fewer than expected.
 */
final class BlobFetcher {
  private final Vertx vertx;
  private final BlobStores stores;
  private final Path tmpDir;

  BlobFetcher(Vertx vertx, BlobStores stores, Path tmpDir) {
    this.vertx = vertx;
    this.stores = stores;
    this.tmpDir = tmpDir;
  }

  /** A local copy (or the file itself) of the blob's {@code size} bytes. Never call on an event loop. */
  Local fetch(StoredBlob storage, long size) throws IOException {
    BlobContent content = Blocking.await(stores.read(storage, 0, size));
    if (content instanceof BlobContent.LocalFile file) {
      long actual = Files.size(file.path());
      if (actual != size) {
        throw new IllegalArgumentException("the stored file has " + actual + " bytes, the log says " + size);
      }
      return new Local(file.path(), file.offset(), file.length(), false);
    }
    BlobContent.Streamed streamed = (BlobContent.Streamed) content;
    Files.createDirectories(tmpDir);
    Path temp = Files.createTempFile(tmpDir, "backup-blob-", ".part");
    try {
      Blocking.await(download(streamed, temp));
      long actual = Files.size(temp);
      if (actual != size) {
        throw new IllegalArgumentException("the stored object has " + actual + " bytes, the log says " + size);
      }
      return new Local(temp, 0, size, true);
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private Future<Void> download(BlobContent.Streamed streamed, Path temp) {
    return vertx.fileSystem().open(temp.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
        .recover(e -> {
          streamed.stream().handler(null); // releases the connection
          return Future.failedFuture(e);
        })
        .compose(file -> streamed.stream().pipeTo(file));
  }

  /** Bytes {@code [offset, offset + length)} of {@code path}; a temporary download is removed on close. */
  record Local(Path path, long offset, long length, boolean temporary) implements AutoCloseable {
    @Override
    public void close() {
      if (temporary) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException("could not remove the temp file " + path, e);
        }
      }
    }
  }
}
