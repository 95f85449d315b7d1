package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export, then import into an empty home: the restored Core answers every API read as the original did
 * (downloads byte for byte); {@code --until} restores the state of an earlier position.
 */
class BackupRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void anImportedArchiveAnswersEveryReadLikeTheOriginalAndAnEarlierPositionLikeThen() throws Exception {
    Path original = dir.resolve("original");
    Path archive = dir.resolve("backup.zip");
    Workload work = new Workload();
    ApiSnapshot then;
    ApiSnapshot now;
    long position;
    Exporter.Summary exported;
    try (RunningServer api = RunningServer.start(original)) {
      work.first(api);
      then = ApiSnapshot.of(api);
      position = api.logPosition();
      work.second(api);
      Workload.awaitBytesGone(original, work.note);
      now = ApiSnapshot.of(api);
      try (BackupTools tools = BackupTools.open(original)) {
        exported = tools.export(archive); // while the server runs
        assertThat(tools.verify().problems()).isEmpty();
      }
      assertThat(exported.lastPosition()).isEqualTo(api.logPosition());
    }
    assertThat(now.reads.size()).isGreaterThan(80);
    assertThat(now.downloads).hasSize(5).containsKeys(work.portrait, work.later).doesNotContainKey(work.note);
    assertThat(then.downloads).containsKey(work.note).doesNotContainKey(work.later);
    assertThat(exported.warnings()).isEmpty();
    assertThat(exported.events()).isEqualTo(exported.lastPosition());
    assertThat(exported.blobs()).isEqualTo(now.downloads.size());
    assertThat(exported.line()).startsWith("Exported " + exported.events() + " events").contains(" MB/s");
    assertStoredBlobsAndManifest(archive, exported);

    Path restored = dir.resolve("restored");
    try (BackupTools tools = BackupTools.open(restored)) {
      Importer.Summary imported = tools.restore(archive);
      assertThat(imported.events()).isEqualTo(exported.events());
      assertThat(imported.blobs()).isEqualTo(exported.blobs());
      assertThat(imported.warnings()).isEmpty();
      assertThat(tools.verify().problems()).isEmpty();
    }
    assertThat(Files.list(restored.resolve("tmp")).toList()).isEmpty();
    try (RunningServer api = RunningServer.start(restored)) {
      now.assertSameAs(ApiSnapshot.of(api), Set.of());
    }

    Path past = dir.resolve("past");
    try (BackupTools tools = BackupTools.open(past)) {
      Importer.Summary imported = tools.restore(archive, OptionalLong.of(position));
      assertThat(imported.events()).isEqualTo(position);
      assertThat(imported.warnings()).containsExactly("asset " + work.note + ": its bytes are not in the archive"
          + " (they were not there when the archive was made); it is restored without them");
    }
    assertThat(Workload.blobFile(past, work.later)).doesNotExist();
    try (RunningServer api = RunningServer.start(past)) {
      then.assertSameAs(ApiSnapshot.of(api), Set.of(work.note));
    }
  }

  private static void assertStoredBlobsAndManifest(Path archive, Exporter.Summary exported) throws Exception {
    try (ZipFile zip = new ZipFile(archive.toFile()); ArchiveReader reader = ArchiveReader.open(archive)) {
      Manifest m = reader.manifest();
      assertThat(m.lastPosition()).isEqualTo(exported.lastPosition());
      assertThat(m.events().count()).isEqualTo(exported.events());
      assertThat(m.blobs()).hasSize(exported.blobs());
      for (Manifest.Blob b : m.blobs()) {
        ZipEntry e = zip.getEntry(b.entry());
        assertThat(e.getMethod()).as(b.entry()).isEqualTo(ZipEntry.STORED);
        assertThat(e.getSize()).isEqualTo(b.size());
      }
      assertThat(zip.getEntry("events.ndjson").getMethod()).isEqualTo(ZipEntry.DEFLATED);
    }
  }
}
