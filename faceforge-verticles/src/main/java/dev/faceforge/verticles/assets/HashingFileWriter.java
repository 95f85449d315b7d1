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
import java.util.List;

/**
 * Writes a new temp file, hashing (SHA-256) and counting the bytes on the way and keeping the first
 * {@link #HEAD} bytes for type sniffing. The event loop only copies what it receives into a block of
 * {@value #BLOCK} bytes (direct memory); worker threads hash and write the full blocks, so the loop never hashes
 * and the file gets large writes instead of one per HTTP chunk. Hashing and writing are two lanes, each taking
 * the blocks in order, running beside each other: a block's write does not wait for its hash. Each lane task
 * takes every block queued for it at that moment (the write lane as one gathering write), since a task per
 * block waited about as long for a worker thread as it worked. Where the folder takes it the file is written
 * with direct I/O ({@link DirectIo}): a write through the page cache cost about a second of CPU per GiB.
 * Measured with curl uploading 1 GiB on 2 cores: 2.0-2.3 s with one task per block hashing then writing, 1.3-1.7
 * s now. Every {@value #SYNC_EVERY} bytes the file is synced in the background (fdatasync), so that the
 * store's fsync at the end finds little left to do. Back-pressure: an upload's queue is full at {@value #MAX_QUEUED}
 * blocks (8 MiB, so a slow write does not stop the socket at once), or at {@value #MIN_QUEUED} once all uploads
 * together queue {@value #SHARED_QUEUE} bytes: many concurrent uploads hold little more than that in direct
 * memory, and each still gets {@code MIN_QUEUED} blocks. With a queue of 16 blocks curl took 1.29 s to upload
 * 1 GiB, with 32 1.20 s (medians of 5).
 * {@link #end()} writes the last block (with direct I/O padded to the alignment, then cut back) and closes the
 * file (without fsync: storing it does that); it may be called again and answers the same future. Used from one
 * event loop; the digest and the channel are each touched by one worker task at a time, each started from the
 * loop after the lane's previous one finished.
 */
final class HashingFileWriter {
  static final int HEAD = 64 * 1024;
  /** Large writes, yet below G1's humongous-object size even at a 256 MiB heap (1 MiB regions). */
  static final int BLOCK = 256 * 1024;
  static final int MAX_QUEUED = 32;
  static final int MIN_QUEUED = 4;
  static final long SHARED_QUEUE = 64L << 20;
  /** Bytes of the blocks queued by every writer of this JVM. */
  private static final java.util.concurrent.atomic.AtomicLong QUEUED = new java.util.concurrent.atomic.AtomicLong();
  static final long SYNC_EVERY = 64L << 20;

  private record Block(ByteBuffer bytes, int length) {
  }

  /** The lanes' work: {@code digest} and {@code channel} are each touched by one task at a time. */
  private enum Lane {
    HASH, WRITE
  }

  private final Vertx vertx;
  private final FileChannel channel;
  /** The direct I/O alignment, or 0 for writes through the page cache. */
  private final int alignment;
  private final MessageDigest digest;
  private final byte[] head = new byte[HEAD];
  /** Blocks not yet through both lanes, in order; the first {@code hashed} are hashed, the first {@code writtenBlocks} written. */
  private final java.util.ArrayList<Block> queue = new java.util.ArrayList<>();
  private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();
  private int headLength;
  private ByteBuffer filling;
  private int fillLength;
  private boolean hashing;
  private boolean writing;
  private int hashed;
  private int writtenBlocks;
  private boolean ended;
  private boolean closing;
  private long size;
  private long written;
  private long syncedUpTo;
  private Future<Void> syncing = Future.succeededFuture();
  private Throwable failure;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;

  HashingFileWriter(Vertx vertx, FileChannel channel, int alignment) throws NoSuchAlgorithmException {
    this.vertx = vertx;
    this.channel = channel;
    this.alignment = alignment;
    this.digest = MessageDigest.getInstance("SHA-256");
  }

  /**
   * Creates {@code file} (which must not exist) and a writer into it, with direct I/O where the folder takes it
   * ({@link DirectIo}) unless {@code direct} is false.
   */
  static Future<HashingFileWriter> create(Vertx vertx, Path file, boolean direct) {
    return vertx.executeBlocking(() -> {
      int alignment = direct ? DirectIo.alignment(file.getParent()) : 0;
      FileChannel channel = alignment > 0 ? DirectIo.create(file)
          : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new HashingFileWriter(vertx, channel, alignment);
    }, false);
  }

  static Future<HashingFileWriter> create(Vertx vertx, Path file) {
    return create(vertx, file, true);
  }

  /** Whether the file is written with direct I/O. */
  boolean direct() {
    return alignment > 0;
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
        filling = spare.isEmpty() ? DirectIo.buffer(BLOCK, alignment) : spare.pop();
      }
      int k = Math.min(length - pos, BLOCK - fillLength);
      filling.put(fillLength, bytes, offset + pos, k);
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
    QUEUED.addAndGet(BLOCK);
    filling = null;
    fillLength = 0;
  }

  /** Starts each idle lane on its next block; closes the file once ended and both lanes are through. */
  private void pump() {
    if (failure == null) {
      if (!hashing && hashed < queue.size()) {
        start(Lane.HASH, hashed);
      }
      if (!writing && writtenBlocks < queue.size()) {
        start(Lane.WRITE, writtenBlocks);
      }
    }
    if (hashing || writing) {
      return;
    }
    if (ended && !closing && (failure != null || queue.isEmpty())) {
      closing = true;
      syncing.otherwiseEmpty().compose(x -> vertx.executeBlocking(() -> {
        try {
          if (failure == null && alignment > 0 && size % alignment != 0) {
            channel.truncate(size); // the last block's padding
          }
        } finally {
          channel.close();
        }
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

  /**
   * Runs {@code lane} over every block queued for it now, in one worker task: a task per block spent about as
   * long waiting for a worker thread (130-220 µs) as writing the block.
   */
  private void start(Lane lane, int from) {
    List<Block> blocks = List.copyOf(queue.subList(from, queue.size()));
    if (lane == Lane.HASH) {
      hashing = true;
    } else {
      writing = true;
    }
    vertx.executeBlocking(() -> {
      if (lane == Lane.HASH) {
        for (Block block : blocks) {
          digest.update(block.bytes().duplicate().limit(block.length()).position(0));
        }
      } else {
        // one gathering write for the blocks queued (larger I/Os); direct writes go in whole aligned blocks:
        // the last block is padded, and end() cuts the file back
        ByteBuffer[] out = new ByteBuffer[blocks.size()];
        long left = 0;
        for (int i = 0; i < out.length; i++) {
          Block block = blocks.get(i);
          int n = alignment == 0 ? block.length() : Math.min(BLOCK, roundUp(block.length(), alignment));
          out[i] = block.bytes().duplicate().limit(n).position(0);
          left += n;
        }
        while (left > 0) {
          left -= channel.write(out);
        }
      }
      return null;
    }, false).onComplete(ar -> {
      if (lane == Lane.HASH) {
        hashing = false;
      } else {
        writing = false;
      }
      if (ar.failed()) {
        fail(ar.cause());
      } else if (failure == null) {
        if (lane == Lane.HASH) {
          hashed += blocks.size();
        } else {
          writtenBlocks += blocks.size();
          for (Block block : blocks) {
            written += block.length();
          }
          syncInBackground();
        }
        retire();
      }
      drainIfRoom();
      pump();
    });
  }

  private static int roundUp(int n, int alignment) {
    return (n + alignment - 1) / alignment * alignment;
  }

  private void retire() {
    while (hashed > 0 && writtenBlocks > 0) {
      Block done = queue.remove(0);
      QUEUED.addAndGet(-BLOCK);
      hashed--;
      writtenBlocks--;
      if (spare.size() <= MAX_QUEUED) {
        spare.push(done.bytes());
      }
    }
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
      QUEUED.addAndGet(-(long) BLOCK * queue.size());
      queue.clear();
      hashed = 0;
      writtenBlocks = 0;
      if (exceptionHandler != null) {
        exceptionHandler.handle(e);
      }
      drainIfRoom(); // a paused source resumes, and its next write answers the failure
      pump();
    }
  }

  private void drainIfRoom() {
    if (drainHandler != null && queue.size() <= MAX_QUEUED / 2 && !writeQueueFull()) {
      Handler<Void> h = drainHandler;
      drainHandler = null;
      h.handle(null);
    }
  }

  /** Called once, on the first failure (a write, the background sync). */
  void exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
  }

  /**
   * True while {@value #MAX_QUEUED} blocks wait, or {@value #MIN_QUEUED} while all uploads together queue
   * {@value #SHARED_QUEUE} bytes: pause the source and set a {@link #drainHandler}.
   */
  boolean writeQueueFull() {
    return queue.size() >= MAX_QUEUED || queue.size() >= MIN_QUEUED && QUEUED.get() >= SHARED_QUEUE;
  }

  /** Bytes queued by every writer of this JVM (for tests). */
  static long queuedEverywhere() {
    return QUEUED.get();
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
