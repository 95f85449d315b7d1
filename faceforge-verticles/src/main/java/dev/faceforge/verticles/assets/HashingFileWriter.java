package dev.faceforge.verticles.assets;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A write stream into a temp file that hashes (SHA-256) and counts the bytes on the way, keeping the
 * first {@link #HEAD} bytes for type sniffing. Back-pressure is the file's: a piped upload pauses when
 * the file's queue is full, so a 4 GiB upload never sits in memory.
 */
final class HashingFileWriter implements WriteStream<Buffer> {
  static final int HEAD = 64 * 1024;

  private final AsyncFile file;
  private final MessageDigest digest;
  private final Buffer head = Buffer.buffer();
  private long size;

  HashingFileWriter(AsyncFile file) {
    this.file = file;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (head.length() < HEAD) {
      head.appendBuffer(data, 0, Math.min(data.length(), HEAD - head.length()));
    }
    digest.update(data.getBytes());
    size += data.length();
    return file.write(data);
  }

  @Override
  public Future<Void> end() {
    return file.flush().compose(x -> file.close());
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }

  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  long size() {
    return size;
  }

  byte[] head() {
    return head.getBytes();
  }
}
