package dev.faceforge.verticles.assets;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct I/O ({@code O_DIRECT}: bytes go from the buffer to the device, not through the page cache) for the
 * files uploads are written to, where the folder's file system takes it. Writing 1 GiB through the page cache
 * cost this process about a second of CPU (the kernel's copy and page bookkeeping, on the same two cores that
 * receive and hash the upload); direct writes of the same 1 GiB used 0.14 s of CPU and took the disk's time,
 * 0.73 s, fsync included. Direct writes need buffers, lengths and file positions aligned to the file system's
 * block size. Whether a folder takes them is probed once (an aligned block written to a probe file): file systems
 * without {@code O_DIRECT} (tmpfs, some network and FUSE file systems) and platforms without
 * {@link ExtendedOpenOption#DIRECT} get ordinary writes.
 */
final class DirectIo {
  /** Folder -> alignment in bytes, or 0 for no direct I/O there. */
  private static final Map<Path, Integer> ALIGNMENT = new ConcurrentHashMap<>();

  private DirectIo() {
  }

  /** The alignment direct writes into {@code dir} need, or 0 when {@code dir} does not take them. Blocking. */
  static int alignment(Path dir) {
    return ALIGNMENT.computeIfAbsent(dir.toAbsolutePath(), DirectIo::probe);
  }

  /** Opens {@code file} (new) for direct writes. */
  static FileChannel create(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
  }

  /** A direct buffer of {@code capacity} bytes starting at an {@code alignment} boundary (0: any). */
  static ByteBuffer buffer(int capacity, int alignment) {
    return alignment == 0 ? ByteBuffer.allocateDirect(capacity)
        : ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(capacity).slice();
  }

  private static int probe(Path dir) {
    Path file = dir.resolve(".direct-io-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      int alignment = Math.toIntExact(Files.getFileStore(dir).getBlockSize());
      if (alignment <= 0 || alignment > HashingFileWriter.BLOCK || HashingFileWriter.BLOCK % alignment != 0) {
        return 0;
      }
      try (FileChannel c = create(file)) {
        ByteBuffer b = buffer(alignment, alignment);
        while (b.hasRemaining()) {
          c.write(b);
        }
        c.truncate(1);
        c.force(true);
      }
      return Files.size(file) == 1 ? alignment : 0;
    } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
      return 0;
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover probe file in tmp/ is harmless
      }
    }
  }
}
