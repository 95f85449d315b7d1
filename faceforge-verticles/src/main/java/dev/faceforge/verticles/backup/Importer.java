package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.LogImporter;
import dev.faceforge.projections.Rebuilder;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.storage.BlobStores;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup archive into a home whose event log is empty, as of the archive's last position or an
 * earlier one. Everything is checked before the home changes: the manifest, the events (sha256, count,
 * hash chain), that this home configures every provider the assets' storage records name, and the bytes of
 * every blob needed (extracted into {@code tmp/} while hashed). Then, bytes before events as always: the
 * blobs go where their records say, the rows are imported verbatim ({@link LogImporter}, one transaction)
 * and the query tables rebuilt. A failure removes the extracted files, the {@code fs} blobs this import
 * added and the imported log. Blocking; run it while no server uses the home.
 */
public final class Importer {
  private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

  private final HomeLayout layout;
  private final BlobPlacement placement;

  public Importer(HomeLayout layout, BlobStores stores) {
    this.layout = layout;
    this.placement = new BlobPlacement(stores, layout.coreConfigFile());
  }

  /** What an import restored; {@code bytes} is the archive's size. */
  public record Summary(Path archive, long events, long lastPosition, long archiveLastPosition, int blobs,
                        long blobBytes, long bytes, List<String> warnings, Duration took) {
    public String line() {
      double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
      return String.format(java.util.Locale.ROOT, "Imported %d events (up to position %d of %d) and %d blobs (%s)"
              + " from %s (%s) in %.2f s: %.1f MB/s, %.0f events/s", events, lastPosition, archiveLastPosition, blobs,
          Sizes.mb(blobBytes), archive, Sizes.mb(bytes), seconds, bytes / 1e6 / seconds, events / seconds);
    }
  }

  /** Restores {@code archive} up to {@code until} (else all of it). */
  public Summary restore(Path archive, OptionalLong until, BackupProgress progress) throws IOException {
    long started = System.nanoTime();
    HomeState before = HomeState.of(layout);
    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      Manifest manifest = reader.manifest();
      long last = lastPosition(manifest, until);
      AssetCatalog catalog = new AssetCatalog();
      reader.verifyEvents(e -> {
        if (e.position() <= last) {
          catalog.accept(e);
        }
      });
      List<String> warnings = new ArrayList<>();
      List<BlobPlacement.Item> plan = placement.plan(manifest, catalog.live(), warnings);
      warnings.forEach(progress::warn);
      progress.info("archive verified: " + manifest.events().count() + " events; restoring up to position " + last
          + " with " + plan.size() + " blobs");
      Path work = Files.createDirectories(layout.tmpDir()).resolve("import-" + System.nanoTime());
      Files.createDirectory(work);
      try {
        long bytes = extract(reader, plan, work, progress);
        long events = write(reader, plan, work, last, before);
        Summary summary = new Summary(archive, events, last, manifest.lastPosition(), plan.size(), bytes,
            Files.size(archive), List.copyOf(warnings), Duration.ofNanos(System.nanoTime() - started));
        LOG.info("{}", summary.line());
        return summary;
      } finally {
        HomeState.deleteTree(work);
      }
    }
  }

  private static long lastPosition(Manifest manifest, OptionalLong until) {
    if (until.isEmpty()) {
      return manifest.lastPosition();
    }
    if (until.getAsLong() < 1 || until.getAsLong() > manifest.lastPosition()) {
      throw new BackupException("position " + until.getAsLong() + " is not in the archive (it has positions 1-"
          + manifest.lastPosition() + ")");
    }
    return until.getAsLong();
  }

  /** Extracts every needed blob into {@code work}, checking its bytes; returns how many bytes. */
  private static long extract(ArchiveReader reader, List<BlobPlacement.Item> plan, Path work, BackupProgress progress)
      throws IOException {
    long total = plan.stream().mapToLong(i -> i.blob().size()).sum();
    long bytes = 0;
    for (BlobPlacement.Item item : plan) {
      try (OutputStream out = Files.newOutputStream(work.resolve(item.blob().sha256()))) {
        reader.extractBlob(item.blob(), out);
      }
      bytes += item.blob().size();
      progress.progress(total == 0 ? 50 : 50.0 * bytes / total, "blobs verified", 0, plan.size(), bytes);
    }
    return bytes;
  }

  /** Blobs into their stores, then the log, then the query tables; undone on failure. */
  private long write(ArchiveReader reader, List<BlobPlacement.Item> plan, Path work, long last, HomeState before) {
    List<BlobPlacement.Item> added = new ArrayList<>();
    try {
      for (BlobPlacement.Item item : plan) {
        if (placement.put(item, work.resolve(item.blob().sha256()))) {
          added.add(item);
        }
      }
      long events;
      try (ArchiveEvents rows = reader.events(last)) {
        events = LogImporter.importRows(layout.dbFile(), rows);
      }
      Rebuilder.rebuild(layout.dbFile());
      return events;
    } catch (RuntimeException e) {
      placement.undo(added);
      try {
        before.restoreLog(layout);
      } catch (BackupException cleanup) {
        LOG.error("{}", cleanup.getMessage());
      }
      throw e;
    }
  }
}
