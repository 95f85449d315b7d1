package dev.faceforge.verticles.storage;

import static dev.faceforge.verticles.storage.TestBlobs.bytes;
import static dev.faceforge.verticles.storage.TestBlobs.readAll;
import static dev.faceforge.verticles.storage.TestBlobs.sha256;
import static dev.faceforge.verticles.storage.TestBlobs.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} promises, run against each provider ({@code fs} on a temp folder,
 * {@code s3} against a real S3 server). Subclasses only say how to open a fresh, empty store and
 * how to spot what a failed write could leave behind.
 */
abstract class BlobStoreContract {
  /** Above the 64 MiB multipart threshold, and not a whole number of 16 MiB parts. */
  static final long LARGE = (80L << 20) + 123;

  @TempDir
  Path work;
  Vertx vertx;
  BlobStore store;

  /** A fresh, empty store. */
  protected abstract BlobStore open(Vertx vertx) throws Exception;

  /** Anything of the store's own that is not a finished blob: temp files, unfinished multipart uploads. */
  protected abstract List<String> leftovers() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    vertx = Vertx.vertx();
    store = open(vertx);
  }

  @AfterEach
  void closeStore() {
    store.close().await();
    vertx.close().await();
  }

  Path tmp() {
    return work.resolve("tmp");
  }

  @Test
  void putStoresTheBytesUnderTheirHashAndConsumesTheSource() throws Exception {
    byte[] data = bytes(10_000, 1);
    String hash = sha256(data);
    Path source = source(tmp(), data);

    StoredBlob stored = store.put(hash, source, data.length).await();

    assertThat(stored.provider()).isEqualTo(store.provider());
    assertThat(stored.key()).isEqualTo("sha256/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash);
    assertThat(stored.sha256()).isEqualTo(hash);
    assertThat(stored.fallbackFrom()).isEmpty();
    assertThat(Files.exists(source)).isFalse();
    assertThat(store.exists(hash).await()).isTrue();
    assertThat(readAll(store.read(hash, 0, data.length).await())).isEqualTo(data);
  }

  @Test
  void rangesReadExactlyTheirBytes() throws Exception {
    byte[] data = bytes(10_000, 2);
    String hash = sha256(data);
    store.put(hash, source(tmp(), data), data.length).await();

    assertThat(readAll(store.read(hash, 0, 1).await())).containsExactly(data[0]);
    assertThat(readAll(store.read(hash, 9_999, 1).await())).containsExactly(data[9_999]);
    assertThat(readAll(store.read(hash, 1_234, 5_000).await())).isEqualTo(Arrays.copyOfRange(data, 1_234, 6_234));
    assertThat(readAll(store.read(hash, 0, 10_000).await())).isEqualTo(data);
    BlobContent middle = store.read(hash, 1_234, 5_000).await();
    assertThat(middle.offset()).isEqualTo(1_234);
    assertThat(middle.length()).isEqualTo(5_000);
    readAll(middle);
  }

  @Test
  void aRangePastTheEndIsRejected() throws Exception {
    byte[] data = bytes(100, 3);
    String hash = sha256(data);
    store.put(hash, source(tmp(), data), data.length).await();

    assertThatThrownBy(() -> store.read(hash, 90, 11).await()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.read(hash, 100, 1).await()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.read(hash, -1, 1).await()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyBlobRoundTrips() throws Exception {
    byte[] data = new byte[0];
    String hash = sha256(data);
    store.put(hash, source(tmp(), data), 0).await();

    assertThat(store.exists(hash).await()).isTrue();
    assertThat(readAll(store.read(hash, 0, 0).await())).isEmpty();
  }

  @Test
  void puttingTheSameHashTwiceIsIdempotent() throws Exception {
    byte[] data = bytes(5_000, 4);
    String hash = sha256(data);
    StoredBlob first = store.put(hash, source(tmp(), data), data.length).await();
    Path again = source(tmp(), data);

    StoredBlob second = store.put(hash, again, data.length).await();

    assertThat(second).isEqualTo(first);
    assertThat(Files.exists(again)).isFalse();
    assertThat(readAll(store.read(hash, 0, data.length).await())).isEqualTo(data);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void deleteRemovesTheBlobAndDeletingAgainSucceeds() throws Exception {
    byte[] data = bytes(1_000, 5);
    String hash = sha256(data);
    store.put(hash, source(tmp(), data), data.length).await();

    store.delete(hash).await();

    assertThat(store.exists(hash).await()).isFalse();
    assertThatThrownBy(() -> store.read(hash, 0, 1).await()).isInstanceOf(BlobNotFoundException.class);
    store.delete(hash).await();
  }

  @Test
  void aMissingBlobIsNotFound() {
    String hash = sha256("never stored".getBytes());

    assertThat(store.exists(hash).await()).isFalse();
    assertThatThrownBy(() -> store.read(hash, 0, 1).await())
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessage("no blob " + hash + " in the " + store.provider() + " store");
    assertThatThrownBy(() -> store.read(hash, 0, 0).await()).isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void aMalformedHashIsRejectedBeforeAnyIo() throws Exception {
    Path source = source(tmp(), bytes(10, 6));

    assertThatThrownBy(() -> store.put("../../etc/passwd", source, 10).await())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.read("ABC", 0, 1).await()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.exists("").await()).isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.exists(source)).isTrue();
  }

  @Test
  void aLargeBlobRoundTripsAndReadsAcrossPartBoundaries() throws Exception {
    Path source = Files.createDirectories(tmp()).resolve("large.part");
    String hash = TestBlobs.writeLarge(source, LARGE, 7);
    long boundary = 16L << 20;
    byte[] acrossBoundary = TestBlobs.slice(source, boundary - 100, 200);
    byte[] tail = TestBlobs.slice(source, LARGE - 50, 50);

    store.put(hash, source, LARGE).await();

    assertThat(sha256(store.read(hash, 0, LARGE).await())).isEqualTo(hash);
    assertThat(readAll(store.read(hash, boundary - 100, 200).await())).isEqualTo(acrossBoundary);
    assertThat(readAll(store.read(hash, LARGE - 50, 50).await())).isEqualTo(tail);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFailingPutLeavesNoTempFileBehind() throws Exception {
    // The source holds fewer bytes than declared (as if truncated under us): the write fails part-way.
    byte[] data = bytes(1_000, 8);
    String hash = sha256(data);
    Path source = source(tmp(), data);

    assertThatThrownBy(() -> store.put(hash, source, LARGE).await())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000 bytes");

    assertThat(leftovers()).isEmpty();
    assertThat(store.exists(hash).await()).isFalse();
    assertThat(Files.readAllBytes(source)).isEqualTo(data);
  }

  @Test
  void concurrentPutsOfTheSameHashStoreOneBlob() throws Exception {
    byte[] data = bytes(200_000, 9);
    String hash = sha256(data);
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sources.add(source(tmp(), data));
    }

    List<Future<StoredBlob>> puts = sources.stream().map(s -> store.put(hash, s, data.length)).toList();
    Future.all(puts).await();

    assertThat(puts).allSatisfy(p -> assertThat(p.result()).isEqualTo(puts.get(0).result()));
    assertThat(sources).noneMatch(Files::exists);
    assertThat(readAll(store.read(hash, 0, data.length).await())).isEqualTo(data);
    assertThat(leftovers()).isEmpty();
  }
}
