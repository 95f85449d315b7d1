package dev.faceforge.verticles.assets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Read channels of local blob files, opened once and shared by the downloads of the same asset: a download
 * then costs no open, stat and close of its own (Vert.x's {@code sendFile(path)} does all three each time).
 * Safe to share because a blob never changes and sending reads at explicit positions. A file stays open
 * while it is among the {@link #MAX_OPEN} most recently used and its asset has not changed: {@link #forget}
 * (called for every committed event of the asset) and eviction retire it, and a retired file is closed when
 * its last download ends — never under a transfer. Shared by every event loop; the lock is held for map
 * updates only, never while a file opens.
 */
final class OpenFiles implements AutoCloseable {
  static final int MAX_OPEN = 64;

  /** One open file, handed out by {@link #acquire} and given back by {@link #release}. */
  static final class Handle {
    private final FileChannel channel;
    private int users; // guarded by OpenFiles.this
    private boolean retired; // guarded by OpenFiles.this

    private Handle(FileChannel channel) {
      this.channel = channel;
    }

    FileChannel channel() {
      return channel;
    }
  }

  /** By asset id, least recently used first. */
  private final LinkedHashMap<String, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  /**
   * The open file of {@code key}, opening {@code path} when none is; the caller must {@link #release} it. A file
   * opened here is kept for later downloads only if {@code keep} still holds once it is open (checked under the
   * same lock as {@link #forget}, so a file of an asset that changed meanwhile is closed after this download).
   *
   * @throws java.nio.file.NoSuchFileException when the file is missing
   */
  Handle acquire(String key, Path path, BooleanSupplier keep) throws IOException {
    synchronized (this) {
      Handle h = open.get(key);
      if (h != null) {
        h.users++;
        return h;
      }
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    Handle fresh = new Handle(channel);
    List<Handle> evicted;
    synchronized (this) {
      Handle h = open.get(key);
      if (h != null) { // another download opened it meanwhile
        h.users++;
        closeQuietly(channel);
        return h;
      }
      fresh.users = 1;
      if (closed || !keep.getAsBoolean()) {
        fresh.retired = true;
        return fresh;
      }
      open.put(key, fresh);
      evicted = evictBeyond(MAX_OPEN);
    }
    evicted.forEach(OpenFiles::closeQuietly);
    return fresh;
  }

  /** Gives back a handle from {@link #acquire}; closes its file if it was retired and this was its last user. */
  void release(Handle h) {
    boolean close;
    synchronized (this) {
      close = --h.users == 0 && h.retired;
    }
    if (close) {
      closeQuietly(h);
    }
  }

  /** Retires the file of {@code key} (its asset changed or went): closed now, or when its last download ends. */
  void forget(String key) {
    Handle idle;
    synchronized (this) {
      Handle h = open.remove(key);
      idle = h == null ? null : retire(h);
    }
    if (idle != null) {
      closeQuietly(idle);
    }
  }

  /** Files open now (for tests). */
  synchronized int size() {
    return open.size();
  }

  /** Retires every file; later files are not kept. */
  @Override
  public void close() {
    List<Handle> idle;
    synchronized (this) {
      closed = true;
      idle = evictBeyond(0);
    }
    idle.forEach(OpenFiles::closeQuietly);
  }

  /** Retires the least recently used files until at most {@code max} are kept; answers those to close now. */
  private List<Handle> evictBeyond(int max) {
    List<Handle> idle = new ArrayList<>();
    Iterator<Map.Entry<String, Handle>> it = open.entrySet().iterator();
    while (open.size() > max && it.hasNext()) {
      Handle h = it.next().getValue();
      it.remove();
      Handle closeNow = retire(h);
      if (closeNow != null) {
        idle.add(closeNow);
      }
    }
    return idle;
  }

  /** Marks {@code h} retired; answers it when nobody uses it (the caller closes it outside the lock). */
  private static Handle retire(Handle h) {
    h.retired = true;
    return h.users == 0 ? h : null;
  }

  private static void closeQuietly(Handle h) {
    closeQuietly(h.channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // a read-only channel has nothing to flush; closing is best effort
    }
  }
}
