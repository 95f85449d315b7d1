package dev.faceforge.launcher.bench;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * The large random file the upload and download rows move, memory-mapped: the client sends its bytes from the
 * page cache without copying, and checks every downloaded byte against it (a comparison costs a fraction of
 * hashing, so verifying does not slow the measured transfers much; both servers pay the same).
 */
final class AssetFile {
  static final long MIB = 1024 * 1024;

  private final Path path;
  private final long size;
  private final MappedByteBuffer bytes;

  private AssetFile(Path path, long size, MappedByteBuffer bytes) {
    this.path = path;
    this.size = size;
    this.bytes = bytes;
  }

  /** Writes {@code mib} MiB of seeded random bytes to {@code path} and maps them (at most 2 GiB: one mapping). */
  static AssetFile write(Path path, int mib, long seed) throws IOException {
    long size = mib * MIB;
    if (size >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the asset file must be smaller than 2 GiB, not " + mib + " MiB");
    }
    Random random = new Random(seed);
    byte[] buf = new byte[(int) Math.min(size, MIB)];
    try (OutputStream out = Files.newOutputStream(path)) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      mapped.load();
      return new AssetFile(path, size, mapped);
    }
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  long mib() {
    return size / MIB;
  }

  /** The bytes {@code [from, from + length)} as a Buffer that shares the mapping (for sending). */
  Buffer slice(long from, int length) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes.slice((int) from, length)));
  }

  /** The bytes {@code [from, from + length)} as a ByteBuffer that shares the mapping (for writing). */
  ByteBuffer nioSlice(long from, int length) {
    return bytes.slice((int) from, length);
  }

  /** True when {@code chunk} holds exactly the file's bytes at {@code at}. */
  boolean matches(long at, Buffer chunk) {
    if (at < 0 || at + chunk.length() > size) {
      return false;
    }
    ByteBuffer received = nio(chunk);
    return bytes.slice((int) at, received.remaining()).mismatch(received) == -1;
  }

  /** A chunk's bytes without copying them (Vert.x buffers wrap a Netty buffer). */
  static ByteBuffer nio(Buffer chunk) {
    return ((BufferInternal) chunk).getByteBuf().nioBuffer();
  }
}
