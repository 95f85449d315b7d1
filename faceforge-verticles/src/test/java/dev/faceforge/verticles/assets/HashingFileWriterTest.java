package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HashingFileWriter}: every byte hashed and written in order across blocks, back-pressure by whole
 * blocks, and a failed write that reaches the source (even a paused one), the next write and {@code end()}.
 */
class HashingFileWriterTest {
  @TempDir
  Path dir;
  Vertx vertx;
  Context loop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Sizes around the block and the direct-I/O alignment, written with direct I/O (where the folder takes it) or not. */
  static Stream<Arguments> sizes() {
    int block = HashingFileWriter.BLOCK;
    return Stream.of(true, false).flatMap(direct -> IntStream.of(1, 4095, 4096, 4097, block - 1, block, block + 1,
        3 * block + 12_345, 40 * block).mapToObj(n -> Arguments.of(direct, n)));
  }

  @ParameterizedTest(name = "direct {0}, {1} bytes")
  @MethodSource("sizes")
  void hashesAndWritesEveryByteInOrderAcrossBlocks(boolean direct, int length) throws Exception {
    byte[] data = AssetHttp.bytes(41 + length, length);
    Path file = dir.resolve("upload.part");
    HashingFileWriter writer = HashingFileWriter.create(vertx, file, direct).await();
    assertThat(writer.direct()).isEqualTo(direct && DirectIo.alignment(dir) > 0);
    int[] sizes = {1, 8191, 65_536, 300_000, 17};

    onLoop(() -> {
      for (int pos = 0, i = 0; pos < data.length; i++) {
        int n = Math.min(sizes[i % sizes.length], data.length - pos);
        writer.write(data, pos, n);
        pos += n;
      }
      return writer.end();
    }).await();

    assertThat(Files.readAllBytes(file)).isEqualTo(data);
    assertThat(writer.sha256()).isEqualTo(AssetHttp.sha256(data));
    assertThat(writer.size()).isEqualTo(data.length);
    assertThat(writer.head()).isEqualTo(Arrays.copyOf(data, Math.min(data.length, HashingFileWriter.HEAD)));
    assertThat(failure(onLoop(writer::end))).as("end() again answers the same outcome").isNull();
  }

  @Test
  void theQueueIsFullAtMaxQueuedBlocksAndDrainsAsTheWorkerCatchesUp() throws Exception {
    HashingFileWriter writer = HashingFileWriter.create(vertx, dir.resolve("upload.part")).await();
    byte[] block = new byte[HashingFileWriter.BLOCK];
    Promise<Void> drained = Promise.promise();

    boolean full = onLoop(() -> {
      for (int i = 0; i < 2 * HashingFileWriter.MAX_QUEUED; i++) {
        writer.write(block, 0, block.length);
      }
      boolean f = writer.writeQueueFull();
      writer.drainHandler(drained::complete);
      return Future.succeededFuture(f);
    }).await();
    drained.future().await();

    assertThat(full).isTrue();
    assertThat(onLoop(() -> Future.succeededFuture(writer.writeQueueFull())).await()).isFalse();
    onLoop(writer::end).await();
    assertThat(Files.size(dir.resolve("upload.part"))).isEqualTo(2L * HashingFileWriter.MAX_QUEUED * block.length);
  }

  @Test
  void manyUploadsShareABoundedQueueAndEachStillGetsItsMinimum() throws Exception {
    int uploads =
        (int) (HashingFileWriter.SHARED_QUEUE / ((long) HashingFileWriter.MAX_QUEUED * HashingFileWriter.BLOCK));
    HashingFileWriter[] writers = new HashingFileWriter[uploads + 1];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = HashingFileWriter.create(vertx, dir.resolve("upload-" + i + ".part")).await();
    }
    byte[] block = new byte[HashingFileWriter.BLOCK];
    long before = HashingFileWriter.queuedEverywhere();

    // in one turn of the loop, so that no lane's completion can retire a block in between
    boolean[] full = onLoop(() -> {
      for (int i = 0; i < uploads; i++) {
        for (int b = 0; b < HashingFileWriter.MAX_QUEUED; b++) {
          writers[i].write(block, 0, block.length);
        }
      }
      HashingFileWriter last = writers[uploads];
      boolean[] f = new boolean[2];
      for (int b = 0; b < HashingFileWriter.MIN_QUEUED - 1; b++) {
        last.write(block, 0, block.length);
      }
      f[0] = last.writeQueueFull();
      last.write(block, 0, block.length);
      f[1] = last.writeQueueFull();
      return Future.succeededFuture(f);
    }).await();

    assertThat(full[0]).as("below its minimum an upload goes on").isFalse();
    assertThat(full[1]).as("at its minimum, with the shared queue full, it waits").isTrue();
    for (HashingFileWriter w : writers) {
      onLoop(w::end).await();
    }
    // at most what was queued before (another test's upload may still have been finishing then)
    assertThat(HashingFileWriter.queuedEverywhere()).as("every block given back").isLessThanOrEqualTo(before);
    assertThat(Files.size(dir.resolve("upload-0.part"))).isEqualTo((long) HashingFileWriter.MAX_QUEUED * block.length);
    assertThat(Files.size(dir.resolve("upload-" + uploads + ".part")))
        .isEqualTo((long) HashingFileWriter.MIN_QUEUED * block.length);
  }

  @Test
  void aFolderOnALocalDiskTakesDirectIo() throws Exception {
    Path target = Files.createTempDirectory(Path.of("target"), "direct-io");
    try {
      String fs = Files.getFileStore(target).type();
      org.junit.jupiter.api.Assumptions.assumeTrue(fs.startsWith("ext") || fs.equals("xfs") || fs.equals("btrfs"),
          "a local disk file system (this is " + fs + ")");
      assertThat(DirectIo.alignment(target)).isPositive();
      assertThat(HashingFileWriter.create(vertx, target.resolve("f.part")).await().direct()).isTrue();
    } finally {
      try (Stream<Path> files = Files.list(target)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(target);
    }
  }

  @Test
  void aFailedWriteResumesAPausedSourceAndFailsTheNextWriteAndTheEnd() throws Exception {
    Path file = Files.write(dir.resolve("read-only.part"), new byte[0]);
    HashingFileWriter writer = new HashingFileWriter(vertx, FileChannel.open(file, StandardOpenOption.READ), 0);
    byte[] block = new byte[HashingFileWriter.BLOCK];
    Promise<Void> drained = Promise.promise();
    Promise<Throwable> reported = Promise.promise();

    onLoop(() -> {
      writer.exceptionHandler(reported::tryComplete);
      for (int i = 0; i < HashingFileWriter.MAX_QUEUED + 2; i++) {
        writer.write(block, 0, block.length);
      }
      writer.drainHandler(drained::complete); // as the receiver does once writeQueueFull(): it pauses the request
      return Future.succeededFuture();
    }).await();
    drained.future().await();

    assertThat(reported.future().await()).isInstanceOf(java.nio.channels.NonWritableChannelException.class);
    assertThat(failure(onLoop(() -> {
      writer.write(block, 0, block.length);
      return writer.end();
    }))).as("writes after the failure are ignored, and end() answers it").isInstanceOf(
        java.nio.channels.NonWritableChannelException.class);
  }

  /** Runs {@code action} on the writer's event loop (it is used from one loop only); its future's outcome. */
  private <T> Future<T> onLoop(Callable<Future<T>> action) {
    Promise<T> result = Promise.promise();
    loop.runOnContext(v -> {
      try {
        action.call().onComplete(result);
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** Waits for {@code f} and answers why it failed (null when it succeeded). */
  private static Throwable failure(Future<?> f) {
    try {
      f.await();
      return null;
    } catch (Throwable e) {
      return e;
    }
  }
}
