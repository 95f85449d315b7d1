package dev.faceforge.launcher.bench;

import dev.faceforge.verticles.backup.BackupProgress;
import dev.faceforge.verticles.backup.Exporter;
import dev.faceforge.verticles.backup.Importer;
import dev.faceforge.verticles.storage.BlobStores;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Backup by replaying the log: {@link Exporter#export} of a {@link BackupHome} (a log of at least
 * {@link BenchConfig#rebuildEvents()} events plus asset bytes) to a new archive, and {@link Importer#restore} of
 * that archive into a fresh home, called in-process exactly as the CLI's {@code export} and {@code import} do (the
 * home's blob stores on a Vert.x of their own). Exports are measured first, then the imports of the same archives,
 * so each has its own CPU profile. Each export must report every event and asset; each import the export's event
 * count, and the restored home must hold the source's event, entity, descriptor, relationship and asset counts and
 * every asset's bytes. Neither reports its phases, so a {@link PhaseSampler} attributes their time.
 */
final class BackupBenchmark {
  private static final int ASSET_BYTES = 1 << 20;
  private static final List<PhaseSampler.Phase> EXPORT_PHASES = List.of(
      new PhaseSampler.Phase("events", "dev.faceforge.eventstore.EventReader", "forEach"),
      new PhaseSampler.Phase("blobs", "dev.faceforge.verticles.backup.Exporter$BlobPass", null),
      new PhaseSampler.Phase("commit", "dev.faceforge.verticles.backup.ArchiveWriter", "commit"));
  private static final List<PhaseSampler.Phase> IMPORT_PHASES = List.of(
      new PhaseSampler.Phase("verify archive", "dev.faceforge.verticles.backup.ArchiveReader", "verifyEvents"),
      new PhaseSampler.Phase("extract blobs", "dev.faceforge.verticles.backup.Importer", "extract"),
      new PhaseSampler.Phase("place blobs", "dev.faceforge.verticles.backup.BlobPlacement", "put"),
      new PhaseSampler.Phase("log append", "dev.faceforge.eventstore.LogImporter", null),
      new PhaseSampler.Phase("rebuild", "dev.faceforge.projections.Rebuilder", null));

  private final BenchConfig cfg;
  private final Report report;

  BackupBenchmark(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  /** What the measured rounds of one direction did: time, archive bytes and sampled phases. */
  private static final class Side {
    final Measurement events = new Measurement("events/s");
    final Measurement megabytes = new Measurement("MB/s");
    final PhaseSampler.Totals phases = new PhaseSampler.Totals();
    long nanos;

    void round(long eventCount, long bytes, long took, Map<String, Integer> samples) {
      events.round(eventCount, took, null);
      megabytes.round(bytes, took * 1_000_000L, null); // bytes over (took × 10^6 ns) is MB/s
      phases.add(samples);
      nanos += took;
    }
  }

  void run(Path dir) throws Exception {
    int files = Math.max(4, cfg.rebuildEvents() / 1_600);
    long t0 = System.nanoTime();
    BackupHome src = BackupHome.build(dir.resolve("backup-home"), cfg.rebuildEvents(), files, ASSET_BYTES,
        dir.resolve("backup-files"));
    report.progress(String.format(Locale.ROOT, "backup home: %,d events, %d assets, built in %.1f s", src.events,
        src.assets, (System.nanoTime() - t0) / 1e9));
    Vertx vertx = Vertx.vertx();
    BlobStores stores = BlobStores.start(vertx, BackupHome.Opened.of(src.home).config(), src.layout).await();
    try {
      Exporter exporter = new Exporter(vertx, src.layout, stores, Clock.systemUTC());
      Path warm = export(exporter, src, dir.resolve("backup-warm-up.zip"), new Side());
      restore(vertx, src, warm, dir.resolve("restore-warm-up"), new Side());
      Side export = new Side();
      List<Path> archives = exports(exporter, src, dir, export);
      Side restore = new Side();
      CpuProfile cpu = CpuProfile.start(Set.of());
      for (int k = 0; k < archives.size(); k++) {
        restore(vertx, src, archives.get(k), dir.resolve("restore-" + k), restore);
      }
      rows("backup import (Importer.restore of each archive into an empty home)", restore,
          Target.minRate(100_000), cpu);
      notes(src, export, restore);
    } finally {
      stores.close().await();
      vertx.close().await();
    }
  }

  /** The measured exports, each to a new archive (kept for the imports). */
  private List<Path> exports(Exporter exporter, BackupHome src, Path dir, Side export) throws Exception {
    List<Path> archives = new ArrayList<>();
    long start = System.nanoTime();
    CpuProfile cpu = CpuProfile.start(Set.of());
    do {
      archives.add(export(exporter, src, dir.resolve("backup-" + archives.size() + ".zip"), export));
    } while (!cfg.enough(archives.size(), start));
    rows(String.format(Locale.ROOT, "backup export (Exporter.export, %,d events + %d MiB of assets)", src.events,
        src.assetBytes >> 20), export, Target.none(), cpu);
    return archives;
  }

  /** The events/s row, then the MB/s row of the same rounds (its CPU per operation is per MB). */
  private void rows(String name, Side side, Target target, CpuProfile cpu) {
    report.add(new Row(name, side.events, target), cpu.stop(name, side.events.ops()));
    String mb = name.substring(0, name.indexOf(" (")) + ", archive bytes (the same rounds)";
    report.add(new Row(mb, side.megabytes, Target.none()), cpu.stop(mb, Math.max(1, side.megabytes.ops() / 1_000_000)));
  }

  /** One export to {@code archive}, checked against the home; returns the archive. */
  private static Path export(Exporter exporter, BackupHome src, Path archive, Side side) throws Exception {
    PhaseSampler sampler = PhaseSampler.ofCurrentThread(EXPORT_PHASES);
    long t0 = System.nanoTime();
    Exporter.Summary s = exporter.export(archive, OptionalLong.empty(), BackupProgress.NONE);
    long took = System.nanoTime() - t0;
    Map<String, Integer> samples = sampler.stop();
    if (s.events() != src.events || s.lastPosition() != src.events || s.blobs() != src.assets
        || s.blobBytes() != src.assetBytes || s.bytes() != Files.size(archive) || !s.warnings().isEmpty()) {
      throw new BenchFailure("export of " + src.events + " events and " + src.assets + " assets (" + src.assetBytes
          + " bytes) said: " + s.line() + " " + s.warnings());
    }
    side.round(s.events(), s.bytes(), took, samples);
    return archive;
  }

  /** One import of {@code archive} into the new home {@code home}, checked, then both removed. */
  private static void restore(Vertx vertx, BackupHome src, Path archive, Path home, Side side) throws Exception {
    BackupHome.Opened target = BackupHome.Opened.of(home);
    BlobStores stores = BlobStores.start(vertx, target.config(), target.layout()).await();
    Importer.Summary s;
    long took;
    Map<String, Integer> samples;
    try {
      Importer importer = new Importer(target.layout(), stores);
      PhaseSampler sampler = PhaseSampler.ofCurrentThread(IMPORT_PHASES);
      long t0 = System.nanoTime();
      s = importer.restore(archive, OptionalLong.empty(), BackupProgress.NONE);
      took = System.nanoTime() - t0;
      samples = sampler.stop();
    } finally {
      stores.close().await();
    }
    check(src, target, s, archive);
    side.round(s.events(), s.bytes(), took, samples);
    BackupHome.deleteTree(home);
    Files.delete(archive);
  }

  private static void check(BackupHome src, BackupHome.Opened target, Importer.Summary s, Path archive)
      throws Exception {
    if (s.events() != src.events || s.lastPosition() != src.events || s.blobs() != src.assets
        || s.blobBytes() != src.assetBytes || s.bytes() != Files.size(archive) || !s.warnings().isEmpty()) {
      throw new BenchFailure("import of an archive of " + src.events + " events and " + src.assets
          + " assets said: " + s.line() + " " + s.warnings());
    }
    Map<String, Long> counts = BackupHome.counts(target.layout().dbFile());
    if (!counts.equals(src.counts)) {
      throw new BenchFailure("the restored home holds " + counts + ", the exported one " + src.counts);
    }
    long[] blobs = BackupHome.files(target.layout().assetsDir());
    if (blobs[0] != src.assets || blobs[1] != src.assetBytes) {
      throw new BenchFailure("the restored home's " + target.layout().assetsDir() + " holds " + blobs[0]
          + " files, " + blobs[1] + " bytes; expected " + src.assets + " files, " + src.assetBytes + " bytes");
    }
  }

  private void notes(BackupHome src, Side export, Side restore) {
    report.note(String.format(Locale.ROOT, "backup home: %,d events (%s, then the bulk import's asset and job"
        + " events), %d assets of 1 MiB of random bytes; archive %s MB (events deflated, blobs stored); export"
        + " and import run in-process as the CLI's export/import commands call them, archive and homes on the"
        + " benchmark's disk; %d export rounds, then an import of each archive into a fresh home",
        src.events, src.log.types, src.assets, Stats.rate(export.megabytes.ops() / 1e6 / export.events.rounds()),
        export.events.rounds()));
    report.note("backup export phases (" + export.phases.describe(export.nanos, export.events.rounds(), src.events,
        Set.of("events")) + ")");
    int calls = restore.events.rounds();
    double replay = restore.phases.seconds(Set.of("log append", "rebuild"), restore.nanos, calls);
    report.note("backup import phases (" + restore.phases.describe(restore.nanos, calls, src.events,
        Set.of("log append", "rebuild")) + "); the replay alone (log append + rebuild) took "
        + String.format(Locale.ROOT, "%.2f s a call: %s events/s", replay, Stats.rate(src.events / replay)));
    report.note(String.format(Locale.ROOT, "backup verified: every export reported %,d events up to position %,d"
        + " and all %d assets (%,d bytes), no warning; every import reported the same events and assets and left"
        + " a home whose events table and query tables hold the exported home's counts %s, and %d blob files"
        + " of %,d bytes", src.events, src.events, src.assets, src.assetBytes, src.counts, src.assets,
        src.assetBytes));
  }
}
