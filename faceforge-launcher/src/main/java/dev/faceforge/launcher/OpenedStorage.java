package dev.faceforge.launcher;

import dev.faceforge.verticles.storage.BlobStores;
import io.vertx.core.Vertx;

/**
 * The blob stores of an opened home, for the commands that read or write asset bytes without a server
 * ({@code export}, {@code import}, {@code verify}): a Vert.x of their own and the providers the home's
 * {@code core.json} configures, closed together. A Core-managed SeaweedFS is not started here: it runs
 * with the server, so exporting an S3 home whose server is stopped reports S3 as unreachable.
 */
final class OpenedStorage implements AutoCloseable {
  final Vertx vertx;
  final BlobStores stores;

  private OpenedStorage(Vertx vertx, BlobStores stores) {
    this.vertx = vertx;
    this.stores = stores;
  }

  /** Throws {@link dev.faceforge.verticles.config.ConfigException} for a routing rule naming an unknown provider. */
  static OpenedStorage open(OpenedHome home) {
    // Called on the CLI's main thread (export/import/verify), never on an event loop: waiting here is fine.
    Vertx vertx = Vertx.vertx();
    try {
      return new OpenedStorage(vertx, BlobStores.start(vertx, home.config(), home.layout()).await());
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      stores.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
