package dev.faceforge.verticles.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a reader (or a crash) sees either the old bytes or the new ones, never
 * a half-written file: temp file in the same folder, fsync, rename, fsync the folder. The temp
 * file is owner-only from creation, because config files hold secrets, and it is removed on
 * every error path.
 */
final class AtomicFiles {
  private AtomicFiles() {
  }

  static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = OwnerOnly.createTempFile(dir, "." + target.getFileName() + ".");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      move(temp, target);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    syncDirectory(dir);
  }

  private static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Some Windows setups (network drives, some sync clients) refuse an atomic replace.
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename itself durable; Windows cannot open a folder as a channel, and NTFS journals renames anyway. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Best effort: the data itself is already on disk.
    }
  }
}
