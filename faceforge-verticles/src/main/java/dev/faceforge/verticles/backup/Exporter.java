package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.EventLines;
import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.HashChain;
import dev.faceforge.eventstore.Times;
import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.storage.BlobNotFoundException;
import dev.faceforge.verticles.storage.BlobStores;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a backup archive of a home: the log up to a fixed last position (read in one statement, so one
 * read transaction: a consistent snapshot while a server keeps appending), each row as its verbatim
 * {@link EventLines} line, then the bytes of every asset those events reference whose bytes exist, read
 * through {@link BlobStores} ({@code fs} and {@code s3} alike). Live assets whose bytes are missing or
 * damaged are warnings and listed in the manifest; a broken hash chain or an unreachable store stops it.
 * Blocking: call it from a thread that may block, never an event loop.
 */
public final class Exporter {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

  private final Path dbFile;
  private final BlobFetcher fetcher;
  private final Clock clock;

  public Exporter(Vertx vertx, HomeLayout layout, BlobStores stores, Clock clock) {
    this.dbFile = layout.dbFile();
    this.fetcher = new BlobFetcher(vertx, stores, layout.tmpDir());
    this.clock = clock;
  }

  /** What an export wrote; {@code bytes} is the archive's size, {@code blobBytes} the blobs' within it. */
  public record Summary(Path path, long events, long lastPosition, int blobs, long blobBytes, long bytes,
                        List<String> warnings, Duration took) {
    public String line() {
      double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
      return String.format(Locale.ROOT, "Exported %d events (up to position %d) and %d blobs (%s) to %s (%s)"
              + " in %.2f s: %.1f MB/s, %.0f events/s", events, lastPosition, blobs, Sizes.mb(blobBytes), path, Sizes.mb(bytes),
          seconds, bytes / 1e6 / seconds, events / seconds);
    }
  }

  /** Exports the log up to {@code until} (else all of it) to {@code target}, which must not exist. */
  public Summary export(Path target, OptionalLong until, BackupProgress progress) throws IOException {
    if (!Files.isRegularFile(dbFile)) {
      throw new BackupException("no database to export at " + dbFile);
    }
    long started = System.nanoTime();
    try (ArchiveWriter archive = ArchiveWriter.create(target); EventReader reader = EventReader.open(dbFile)) {
      long last = lastPosition(reader, until);
      progress.info("exporting events 1-" + last + " to " + archive.target());
      EventPass events = new EventPass(archive, progress, last);
      archive.beginEvents();
      reader.forEach(0, last, events::accept);
      Manifest.Events entry = archive.endEvents();
      BlobPass blobs = new BlobPass(archive, progress, events.count);
      blobs.run(events.catalog);
      archive.commit(new Manifest(Times.format(clock.instant()), FaceForgeServer.VERSION, last, events.head,
          entry, blobs.entries, blobs.missing));
      Summary summary = new Summary(archive.target(), entry.count(), last, blobs.entries.size(), blobs.bytes,
          Files.size(archive.target()), List.copyOf(blobs.warnings), Duration.ofNanos(System.nanoTime() - started));
      LOG.info("{}", summary.line());
      progress.progress(100, "done", summary.events(), summary.blobs(), summary.blobBytes());
      return summary;
    }
  }

  private static long lastPosition(EventReader reader, OptionalLong until) {
    long last = reader.lastPosition();
    if (until.isEmpty()) {
      return last;
    }
    if (until.getAsLong() < 1 || until.getAsLong() > last) {
      throw new BackupException("position " + until.getAsLong() + " is not in the log (it has positions 1-" + last
          + ")");
    }
    return until.getAsLong();
  }

  /** Writes each event's line, re-checks the hash chain on the way, and notes the assets. */
  private static final class EventPass {
    private final ArchiveWriter archive;
    private final BackupProgress progress;
    private final long last;
    private final HashChain chain = new HashChain();
    private final AssetCatalog catalog = new AssetCatalog();
    private String head = HashChain.GENESIS;
    private long count;

    EventPass(ArchiveWriter archive, BackupProgress progress, long last) {
      this.archive = archive;
      this.progress = progress;
      this.last = last;
    }

    void accept(dev.faceforge.eventstore.RecordedEvent e) {
      if (!chain.hash(head, e).equals(e.hash()) || e.position() != count + 1) {
        throw new BackupException("hash chain broken at position " + e.position() + " of the event log: it was"
            + " changed outside FaceForge (run verify); not exporting a log that cannot be restored");
      }
      archive.eventLine(EventLines.write(e));
      catalog.accept(e);
      head = e.hash();
      count++;
      if (count % 10_000 == 0) {
        if (progress.canceled()) {
          throw new CancellationException("export canceled after " + count + " events");
        }
        progress.progress(10.0 * count / last, "events", count, 0, 0);
      }
    }
  }

  /** Copies the bytes of the assets into the archive. */
  private final class BlobPass {
    private final ArchiveWriter archive;
    private final BackupProgress progress;
    private final long events;
    private final List<Manifest.Blob> entries = new ArrayList<>();
    private final List<Manifest.Missing> missing = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long bytes;

    BlobPass(ArchiveWriter archive, BackupProgress progress, long events) {
      this.archive = archive;
      this.progress = progress;
      this.events = events;
    }

    void run(AssetCatalog catalog) throws IOException {
      long total = catalog.all().stream().mapToLong(AssetCatalog.Asset::size).sum();
      progress.info("exporting the bytes of " + catalog.all().size() + " assets (" + Sizes.mb(total) + ")");
      long seen = 0;
      for (AssetCatalog.Asset asset : catalog.all()) {
        if (progress.canceled()) {
          throw new CancellationException("export canceled after " + entries.size() + " blobs");
        }
        add(asset);
        seen += asset.size();
        progress.progress(10 + (total == 0 ? 90 : 90.0 * seen / total), "blobs", events, entries.size(), bytes);
      }
    }

    private void add(AssetCatalog.Asset asset) throws IOException {
      try (BlobFetcher.Local local = fetcher.fetch(asset.stored(), asset.size())) {
        entries.add(archive.addBlob(asset.assetId(), local.path(), local.offset(), local.length()));
        bytes += asset.size();
      } catch (BlobNotFoundException e) {
        skip(asset, "its bytes are missing from " + asset.stored().provider());
      } catch (IllegalArgumentException | BackupException e) {
        skip(asset, e.getMessage());
      } catch (RuntimeException e) {
        if (!asset.live()) {
          LOG.debug("bytes of deleted asset {} not exported: {}", asset.assetId(), e.toString());
          return;
        }
        throw new BackupException("asset " + asset.assetId() + ": reading its bytes failed: " + e.getMessage(), e);
      }
    }

    /** Bytes of a deleted asset that are gone are expected (Core removes them); a live asset's are not. */
    private void skip(AssetCatalog.Asset asset, String why) {
      if (!asset.live()) {
        return;
      }
      String warning = "asset " + asset.assetId() + ": " + why + "; not in the archive";
      warnings.add(warning);
      missing.add(new Manifest.Missing(asset.assetId(), why));
      progress.warn(warning);
    }
  }
}
