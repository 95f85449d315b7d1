package dev.faceforge.verticles.storage;

import io.vertx.core.Vertx;
import java.util.List;

/**
 * The contract for {@code fs} on its copy path, taken when {@code tmp/} is on another file system
 * than the assets folder: copy to a temp file beside the target, fsync, rename.
 */
class FsCopyBlobStoreTest extends BlobStoreContract {

  @Override
  protected BlobStore open(Vertx vertx) {
    return new FsBlobStore(vertx, work.resolve("assets"), false);
  }

  @Override
  protected List<String> leftovers() throws Exception {
    return FsBlobStoreTest.strayFiles(work.resolve("assets"));
  }
}
