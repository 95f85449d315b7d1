package dev.faceforge.verticles.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of a home's database by one process: a running server, a rebuild or an import. Two
 * writers on one log would each trust their own view of it (a second server's live streams would miss
 * the first one's events; a rebuild under a server would pull the query tables from under it). The lock
 * is an OS file lock on {@code core.lock} beside the database, so it dies with its process, however that
 * ends; the file says who holds it. The locked byte lies past the text, so on Windows, where locks are
 * mandatory, others can still read who that is.
 */
public final class HomeLock implements AutoCloseable {
  private static final long LOCKED_BYTE = 1L << 30;

  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of {@code layout}'s database. */
  public static Path file(HomeLayout layout) {
    return layout.dbFile().resolveSibling("core.lock");
  }

  /**
   * Takes the lock for {@code purpose} (what the holder does, shown to whoever finds it taken); throws
   * {@link ConfigException} with the line to show when another process (or this one) holds it.
   */
  public static HomeLock acquire(HomeLayout layout, String purpose) {
    Path file = file(layout);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock(LOCKED_BYTE, 1, false);
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM holds it already
      }
      if (lock == null) {
        throw new ConfigException("the FaceForge home " + layout.home() + " is in use (" + holder(channel)
            + "); stop that first, or use another --home");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ": " + purpose + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      return new HomeLock(channel, lock);
    } catch (IOException e) {
      close(channel);
      throw new ConfigException("cannot lock " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer text = ByteBuffer.allocate(512);
    channel.read(text, 0);
    String who = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).strip();
    return who.isEmpty() ? "by another process" : who;
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing releases the lock too; nothing else to undo
      }
    }
  }

  /** Releases the lock (the file stays: deleting it could race with the next holder opening it). */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close below releases it as well
    }
    close(channel);
  }
}
