package dev.faceforge.verticles.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract for {@code fs} when {@code tmp/} and {@code assets/} share a file system: one atomic rename. */
class FsBlobStoreTest extends BlobStoreContract {

  Path assets() {
    return work.resolve("assets");
  }

  @Override
  protected BlobStore open(Vertx vertx) {
    return new FsBlobStore(vertx, assets());
  }

  /** Every file under assets/ that is not a blob at its content-addressed place. */
  static List<String> strayFiles(Path assets) throws Exception {
    if (!Files.exists(assets)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(assets)) {
      return files.filter(Files::isRegularFile)
          .map(f -> assets.relativize(f).toString().replace('\\', '/'))
          .filter(relative -> !isBlobKey(relative))
          .toList();
    }
  }

  private static boolean isBlobKey(String relative) {
    try {
      ContentKeys.sha256Of(relative);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  protected List<String> leftovers() throws Exception {
    return strayFiles(assets());
  }

  @Test
  void readsHandOutTheFileForZeroCopySending() throws Exception {
    byte[] data = TestBlobs.bytes(300, 11);
    String hash = TestBlobs.sha256(data);
    store.put(hash, TestBlobs.source(tmp(), data), data.length).await();

    BlobContent content = store.read(hash, 10, 20).await();

    assertThat(content).isEqualTo(new BlobContent.LocalFile(
        assets().resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash), 10, 20));
  }
}
