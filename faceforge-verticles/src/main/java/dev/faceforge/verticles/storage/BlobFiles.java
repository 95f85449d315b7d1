package dev.faceforge.verticles.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The blocking file steps of an atomic blob write, for worker threads only: fsync a file, move it
 * into place atomically, or copy it through a temp file in the target folder (temp, fsync, rename,
 * fsync the folder; the temp file removed on every error path) when the source is on another file
 * system. The blob is never visible under its final name before all its bytes are on disk.
 */
final class BlobFiles {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private BlobFiles() {
  }

  /** Flushes a file's bytes to the device, so that a rename cannot publish bytes still in the page cache. */
  static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Renames {@code source} to {@code target} atomically (replacing it); false when the two are on
   * different file systems and the caller must copy instead.
   */
  static boolean tryAtomicMove(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      return false;
    }
  }

  /**
   * Copies exactly {@code size} bytes of {@code source} to a temp file beside {@code target}, fsyncs
   * it and renames it to {@code target}. A source with more or fewer bytes fails with
   * {@link IllegalArgumentException}; on any failure the temp file is removed.
   */
  static void copyIntoPlace(Path source, Path target, long size) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      long copied = copy(source, temp);
      if (copied != size) {
        throw ContentKeys.sizeMismatch(copied, size);
      }
      if (!tryAtomicMove(temp, target)) {
        // Same folder, yet no atomic rename: some network shares. A plain replace is the best left.
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  private static long copy(Path source, Path temp) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
         FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      long position = 0;
      long n;
      while ((n = in.transferTo(position, 1L << 24, out)) > 0) {
        position += n;
      }
      out.force(true);
      return position;
    }
  }

  /**
   * Makes a rename or a new entry in {@code dir} durable. Windows cannot open a folder as a channel
   * (and NTFS journals renames), so it is skipped there; elsewhere a failure is ignored because the
   * data itself is already on disk.
   */
  static void fsyncDirectory(Path dir) {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Best effort, see above.
    }
  }

  /** Creates {@code dir} and its missing parents up to {@code root}, fsyncing each folder that gained an entry. */
  static void createDirectories(Path root, Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.equals(root) || dir.getParent() == null) {
      Files.createDirectories(dir);
      return;
    }
    createDirectories(root, dir.getParent());
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      return; // a concurrent put created it
    }
    fsyncDirectory(dir.getParent());
  }

  static void deleteQuietly(Path file, Exception cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException cleanup) {
      cause.addSuppressed(cleanup);
    }
  }
}
