package dev.faceforge.verticles.assets;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Writes a new temp file, hashing (SHA-256) and counting the bytes on the way and keeping the first
 * {@link #HEAD} bytes for type sniffing. The event loop only copies what it receives into a block of
 * {@value #BLOCK} bytes; worker threads hash and write the full blocks, one block after the other, so the
 * loop never hashes and the file gets one large write per block instead of one per HTTP chunk. Every
 * {@value #SYNC_EVERY} bytes the file is synced in the background (fdatasync), so that the store's fsync
 * at the end finds little left to write. Back-pressure: the queue is full at {@value #MAX_QUEUED} blocks,
 * so an upload of any size holds at most {@code MAX_QUEUED + 2} blocks (2.5 MiB) in memory. {@link #end()} writes
 * the last block and closes the file (without fsync: storing it does that); it may be called again and
 * answers the same future. Used from one event loop; the digest and the channel are only touched by one
 * worker task at a time, each started from the loop after the previous one finished.
 */
final class HashingFileWriter {
  static final int HEAD = 64 * 1024;
  /** Large writes, yet below G1's humongous-object size even at a 256 MiB heap (1 MiB regions). */
  static final int BLOCK = 256 * 1024;
  static final int MAX_QUEUED = 8;
  static final long SYNC_EVERY = 64L << 20;

  private record Block(byte[] bytes, int length) {
  }

  private final Vertx vertx;
  private final FileChannel channel;
  private final MessageDigest digest;
  private final byte[] head = new byte[HEAD];
  private final ArrayDeque<Block> queue = new ArrayDeque<>();
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();
  private int headLength;
  private byte[] filling;
  private int fillLength;
  private boolean writing;
  private boolean ended;
  private boolean closing;
  private long size;
  private long written;
  private long syncedUpTo;
  private Future<Void> syncing = Future.succeededFuture();
  private Throwable failure;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;

  HashingFileWriter(Vertx vertx, FileChannel channel) throws NoSuchAlgorithmException {
    this.vertx = vertx;
    this.channel = channel;
    this.digest = MessageDigest.getInstance("SHA-256");
  }

  /** Creates {@code file} (which must not exist) and a writer into it. */
  static Future<HashingFileWriter> create(Vertx vertx, Path file) {
    return vertx.executeBlocking(() -> new HashingFileWriter(vertx,
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), false);
  }

  /**
   * Takes {@code length} bytes (copied before it returns). After a failure it does nothing: the failure was
   * reported to the exception handler and {@link #end()} answers it.
   */
  void write(byte[] bytes, int offset, int length) {
    if (failure != null || ended) {
      return;
    }
    if (headLength < HEAD) {
      int k = Math.min(length, HEAD - headLength);
      System.arraycopy(bytes, offset, head, headLength, k);
      headLength += k;
    }
    for (int pos = 0; pos < length; ) {
      if (filling == null) {
        filling = spare.isEmpty() ? new byte[BLOCK] : spare.pop();
      }
      int k = Math.min(length - pos, BLOCK - fillLength);
      System.arraycopy(bytes, offset + pos, filling, fillLength, k);
      fillLength += k;
      pos += k;
      if (fillLength == BLOCK) {
        queueFilling();
      }
    }
    size += length;
    pump();
  }

  /** Writes what is left and closes the file; answers the first failure, if any. */
  Future<Void> end() {
    if (!ended) {
      ended = true;
      if (fillLength > 0) {
        queueFilling();
      }
      pump();
    }
    return closed.future();
  }

  private void queueFilling() {
    queue.add(new Block(filling, fillLength));
    filling = null;
    fillLength = 0;
  }

  /** Starts the next block's worker task unless one runs; closes the file once ended and written. */
  private void pump() {
    if (writing) {
      return;
    }
    if (failure == null && !queue.isEmpty()) {
      Block block = queue.poll();
      writing = true;
      vertx.executeBlocking(() -> hashAndWrite(block), false).onComplete(ar -> {
        writing = false;
        if (spare.size() <= MAX_QUEUED) {
          spare.push(block.bytes());
        }
        if (ar.failed()) {
          fail(ar.cause());
        } else {
          written += block.length();
          syncInBackground();
        }
        drainIfRoom();
        pump();
      });
    } else if (ended && !closing && (failure != null || queue.isEmpty())) {
      closing = true;
      syncing.otherwiseEmpty().compose(x -> vertx.executeBlocking(() -> {
        channel.close();
        return null;
      }, false)).onComplete(ar -> {
        if (failure != null || ar.failed()) {
          closed.tryFail(failure != null ? failure : ar.cause());
        } else {
          closed.tryComplete();
        }
      });
    }
  }

  private Void hashAndWrite(Block block) throws java.io.IOException {
    digest.update(block.bytes(), 0, block.length());
    ByteBuffer b = ByteBuffer.wrap(block.bytes(), 0, block.length());
    while (b.hasRemaining()) {
      channel.write(b);
    }
    return null;
  }

  /** One background fdatasync at a time; a failed one fails the upload (the kernel may have dropped the pages). */
  private void syncInBackground() {
    if (written - syncedUpTo >= SYNC_EVERY && syncing.isComplete()) {
      syncedUpTo = written;
      syncing = vertx.executeBlocking(() -> {
        channel.force(false);
        return null;
      }, false);
      syncing.onFailure(this::fail);
    }
  }

  private void fail(Throwable e) {
    if (failure == null) {
      failure = e;
      queue.clear();
      if (exceptionHandler != null) {
        exceptionHandler.handle(e);
      }
      drainIfRoom(); // a paused source resumes, and its next write answers the failure
      pump();
    }
  }

  private void drainIfRoom() {
    if (drainHandler != null && queue.size() <= MAX_QUEUED / 2) {
      Handler<Void> h = drainHandler;
      drainHandler = null;
      h.handle(null);
    }
  }

  /** Called once, on the first failure (a write, the background sync). */
  void exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
  }

  /** True while {@value #MAX_QUEUED} blocks wait: pause the source and set a {@link #drainHandler}. */
  boolean writeQueueFull() {
    return queue.size() >= MAX_QUEUED;
  }

  /** Called once the queue is half empty again, or after a failure (so that a paused source goes on). */
  void drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    if (failure != null && handler != null) { // failed already (the queue was emptied): let the source go on
      vertx.getOrCreateContext().runOnContext(v -> drainIfRoom());
    }
  }

  /** The hex SHA-256 of every byte written; only once {@link #end()} succeeded. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  long size() {
    return size;
  }

  byte[] head() {
    return Arrays.copyOf(head, headLength);
  }
}
