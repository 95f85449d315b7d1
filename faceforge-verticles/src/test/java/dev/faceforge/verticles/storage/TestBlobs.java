package dev.faceforge.verticles.storage;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test data: deterministic bytes, temp source files, and a reader that drains any {@link BlobContent}. */
final class TestBlobs {
  private TestBlobs() {
  }

  static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static String sha256(byte[] data) {
    return HexFormat.of().formatHex(digest().digest(data));
  }

  /** A new temp file with {@code data}, as the upload code would leave it in {@code tmp/}. */
  static Path source(Path dir, byte[] data) throws IOException {
    Files.createDirectories(dir);
    Path file = Files.createTempFile(dir, "upload-", ".part");
    Files.write(file, data);
    return file;
  }

  /** All bytes of {@code content}: the file range, or the whole stream. */
  static byte[] readAll(BlobContent content) throws Exception {
    if (content instanceof BlobContent.LocalFile file) {
      ByteBuffer buffer = ByteBuffer.allocate((int) file.length());
      try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
        while (buffer.hasRemaining() && channel.read(buffer, file.offset() + buffer.position()) > 0) {
          // keep reading
        }
      }
      return buffer.array();
    }
    Buffer all = Buffer.buffer();
    drain(((BlobContent.Streamed) content).stream(), all::appendBuffer);
    return all.getBytes();
  }

  /** The SHA-256 of {@code content}, computed while streaming (no copy of a large blob in memory). */
  static String sha256(BlobContent content) throws Exception {
    MessageDigest digest = digest();
    if (content instanceof BlobContent.LocalFile file) {
      try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        long position = file.offset();
        long end = file.offset() + file.length();
        while (position < end) {
          buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
          position += channel.read(buffer, position);
          digest.update(buffer.flip());
        }
      }
    } else {
      drain(((BlobContent.Streamed) content).stream(), b -> digest.update(b.getBytes()));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Consumes a stream; handlers are set end-first so that the end cannot overtake them. */
  private static void drain(ReadStream<Buffer> stream, io.vertx.core.Handler<Buffer> onData) throws Exception {
    Promise<Void> ended = Promise.promise();
    stream.exceptionHandler(ended::tryFail).endHandler(ended::tryComplete).handler(onData);
    ended.future().await(60, TimeUnit.SECONDS);
  }

  /** Writes {@code size} deterministic bytes to a new file and returns their SHA-256, without holding them in memory. */
  static String writeLarge(Path file, long size, long seed) throws IOException {
    MessageDigest digest = digest();
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; ) {
        random.nextBytes(block);
        int n = (int) Math.min(block.length, size - written);
        out.write(block, 0, n);
        digest.update(block, 0, n);
        written += n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The bytes {@code [offset, offset + length)} of a file. */
  static byte[] slice(Path file, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
        // keep reading
      }
    }
    return buffer.array();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
