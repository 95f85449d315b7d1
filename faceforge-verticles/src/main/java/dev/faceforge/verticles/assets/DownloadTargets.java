package dev.faceforge.verticles.assets;

import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.read.AssetReads;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The {@link DownloadTarget}s of recently downloaded assets, so that a download does not read and parse the
 * asset's document every time. Exact, never stale: every committed event of an asset's stream drops its entry
 * (this is a commit listener), and entries are used only while this cache has been told of every commit up to
 * the log's last position. The writer moves that position before it answers its callers and tells its
 * listeners right after, so in between a download reads the document as if nothing were cached: once a
 * DELETE has answered, no download serves the asset. A document read that raced with a change of the same
 * asset answers its request but is never used again: each entry carries the change count of its stripe of
 * asset ids from when its read began, and counts only grow. At most {@link #MAX_ENTRIES} entries (past that an
 * arbitrary one goes); shared by every event loop, hence concurrent maps and atomics. Local blob files are kept
 * open the same way ({@link OpenFiles}).
 */
public final class DownloadTargets {
  static final int MAX_ENTRIES = 1024;
  private static final String STREAM_PREFIX = "asset:";
  /**
   * Changes are counted per stripe of asset ids (a power of two): an entry is valid while its stripe's count has
   * not moved, so a change of one asset also drops the entries of the others in its stripe (1 in 4096).
   */
  static final int STRIPES = 4096;

  private final Function<String, Future<DownloadTarget>> loader;
  private final LongSupplier lastPosition;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLongArray changes = new AtomicLongArray(STRIPES);
  private final AtomicLong seenPosition = new AtomicLong();
  private final OpenFiles files = new OpenFiles();

  /** A cached target and its stripe's change count when its read began: valid while the count has not moved. */
  private record Entry(DownloadTarget target, long changes) {
  }

  /**
   * @param loader       reads the target of a live asset from the read model (null when there is none)
   * @param lastPosition the log's last committed position
   */
  DownloadTargets(Function<String, Future<DownloadTarget>> loader, LongSupplier lastPosition) {
    this.loader = loader;
    this.lastPosition = lastPosition;
  }

  /** A cache over {@code reads} and the local files of {@code blobs}, listening to the commits of {@code store}. */
  public static DownloadTargets watching(EventStore store, AssetReads reads, BlobAccess blobs) {
    DownloadTargets targets = new DownloadTargets(id -> reads.get(id, false).map(doc -> doc == null ? null
        : DownloadTarget.of(Download.parse(doc.json()), blobs::localFile)), store::lastPosition);
    store.onCommit(targets::committed);
    // Commits before the listener was added changed nothing cached: the cache is still empty.
    targets.seenPosition.accumulateAndGet(store.lastPosition(), Math::max);
    return targets;
  }

  /** The target of the live asset {@code assetId}, or null when there is none. */
  Future<DownloadTarget> get(String assetId) {
    int stripe = stripe(assetId);
    boolean current = seenPosition.get() >= lastPosition.getAsLong();
    DownloadTarget cached = current ? valid(assetId) : null;
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long before = changes.get(stripe);
    return loader.apply(assetId).map(target -> {
      if (target != null && changes.get(stripe) == before) {
        keep(assetId, new Entry(target, before));
      }
      return target;
    });
  }

  /** The cached target of {@code assetId} if no change of its stripe was committed since its read began. */
  private DownloadTarget valid(String assetId) {
    Entry e = entries.get(assetId);
    return e != null && e.changes() == changes.get(stripe(assetId)) ? e.target() : null;
  }

  /** The commit listener: runs on the writer thread after each commit, never blocks. */
  void committed(List<RecordedEvent> events) {
    for (RecordedEvent e : events) {
      if (e.streamId().startsWith(STREAM_PREFIX)) {
        String assetId = e.streamId().substring(STREAM_PREFIX.length());
        changes.incrementAndGet(stripe(assetId));
        entries.remove(assetId);
        files.forget(assetId);
      }
    }
    if (!events.isEmpty()) {
      seenPosition.accumulateAndGet(events.get(events.size() - 1).position(), Math::max);
    }
  }

  /**
   * The shared open file of {@code target}, whose bytes are a local file ({@link DownloadTarget#file}); give it
   * back with {@link #release} once sent. Kept open for later downloads only while {@code target} is the cached
   * entry of its asset: the asset's next event closes it (after the downloads under way).
   *
   * @throws java.nio.file.NoSuchFileException when the file is missing
   */
  OpenFiles.Handle open(DownloadTarget target) throws IOException {
    return files.acquire(target.assetId(), target.file(), () -> valid(target.assetId()) == target);
  }

  void release(OpenFiles.Handle file) {
    files.release(file);
  }

  /** Closes the files no download uses and keeps no new ones (at shutdown). */
  public void close() {
    files.close();
  }

  /** Files held open now (for tests). */
  int openFiles() {
    return files.size();
  }

  /** Entries held now (for tests). */
  int size() {
    return entries.size();
  }

  private void keep(String assetId, Entry entry) {
    entries.put(assetId, entry);
    Iterator<String> extra = entries.keySet().iterator();
    while (entries.size() > MAX_ENTRIES && extra.hasNext()) {
      String victim = extra.next();
      if (!victim.equals(assetId)) {
        extra.remove();
      }
    }
  }

  static int stripe(String assetId) {
    int h = assetId.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
