package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged archive is refused with a message that says what is wrong, before anything is written: the new
 * home is left without an event log, without a blob, and with nothing left in {@code tmp/}.
 */
class ImportRefusalTest {
  @TempDir
  static Path shared;
  static Path archive;
  static String blob;

  @TempDir
  Path dir;

  @BeforeAll
  static void export() throws Exception {
    Path home = shared.resolve("original");
    try (RunningServer api = RunningServer.start(home)) {
      new Workload().first(api);
    }
    archive = shared.resolve("backup.zip");
    try (BackupTools tools = BackupTools.open(home)) {
      tools.export(archive);
    }
    blob = ArchiveReader.open(archive).manifest().blobs().get(0).sha256();
  }

  @Test
  void oneChangedByteInsideTheEventsIsAShaMismatch() throws Exception {
    Path damaged = ZipSurgery.rewrite(archive, dir.resolve("d.zip"), "events.ndjson",
        b -> replaceFirst(b, "Lovelace", "Lovelacf"));

    assertRefused(damaged, "events.ndjson: sha256 mismatch (archive corrupted)");
  }

  @Test
  void aRemovedLineIsAShaMismatch() throws Exception {
    Path damaged = ZipSurgery.rewrite(archive, dir.resolve("d.zip"), "events.ndjson", b -> withoutLine(b, 4));

    assertRefused(damaged, "events.ndjson: sha256 mismatch (archive corrupted)");
  }

  @Test
  void aChangedEventWhoseManifestWasFixedUpBreaksTheHashChain() throws Exception {
    byte[] events = replaceFirst(ZipSurgery.read(archive, "events.ndjson"), "Lovelace", "Lovelacf");
    long position = lineOf(events, "Lovelacf");
    Path damaged = withEvents(events, 0);

    String message = refused(damaged);

    assertThat(message).startsWith("hash chain broken at position " + position + " (event ")
        .endsWith("(archive corrupted)");
  }

  @Test
  void aRemovedLineWhoseManifestWasFixedUpIsAGap() throws Exception {
    Path damaged = withEvents(withoutLine(ZipSurgery.read(archive, "events.ndjson"), 4), -1);

    assertRefused(damaged, "events.ndjson: positions are not gapless: expected 4, found 5 (archive corrupted)");
  }

  @Test
  void oneChangedByteInsideABlobIsRefusedByItsName() throws Exception {
    Path damaged = Files.copy(archive, dir.resolve("d.zip"));
    long at = ZipSurgery.dataOffset(damaged, Manifest.blobEntry(blob)) + 10;
    try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }

    assertRefused(damaged, "blob " + blob + ": content does not match its name (archive corrupted)");
  }

  @Test
  void aBlobMissingFromTheArchiveIsRefused() throws Exception {
    Path damaged = ZipSurgery.rewrite(archive, dir.resolve("d.zip"), Manifest.blobEntry(blob), b -> null);

    assertRefused(damaged, "blob " + blob + ": listed in manifest.json but missing from the archive (archive corrupted)");
  }

  @Test
  void aTruncatedArchiveIsRefused() throws Exception {
    byte[] all = Files.readAllBytes(archive);
    Path damaged = Files.write(dir.resolve("d.zip"), Arrays.copyOf(all, all.length / 2));

    assertThat(refused(damaged)).startsWith("archive truncated: " + damaged + " has no ZIP end record");
  }

  @Test
  void aFileThatIsNoArchiveIsRefused() throws Exception {
    Path damaged = Files.writeString(dir.resolve("d.zip"), "hello");

    assertRefused(damaged, damaged + " is not a FaceForge backup (not a ZIP archive)");
  }

  @Test
  void aHomeWithEventsIsRefused() throws Exception {
    Path home = dir.resolve("home");
    try (RunningServer api = RunningServer.start(home)) {
      api.createEntity("Already here", new JsonObject());
    }
    try (BackupTools tools = BackupTools.open(home)) {
      assertThat(tools.refusedImport(archive)).isEqualTo("refusing to import into " + home + ": its event log already"
          + " has 1 events; an import restores into an empty home only (choose a new --home)");
    }
  }

  private void assertRefused(Path damaged, String message) throws Exception {
    assertThat(refused(damaged)).isEqualTo(message);
  }

  /** Imports {@code damaged} into a new home; returns the refusal after checking the home was left alone. */
  private String refused(Path damaged) throws Exception {
    Path home = dir.resolve("new-home");
    String message;
    try (BackupTools tools = BackupTools.open(home)) {
      message = tools.refusedImport(damaged);
    }
    assertThat(home.resolve("db/core.sqlite3")).doesNotExist();
    assertThat(files(home.resolve("assets"))).isEmpty();
    assertThat(files(home.resolve("tmp"))).isEmpty();
    return message;
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The archive with {@code events} and a manifest whose sha256 matches them and whose count moved by {@code delta}. */
  private Path withEvents(byte[] events, int delta) throws Exception {
    Path step = ZipSurgery.rewrite(archive, dir.resolve("step.zip"), "events.ndjson", b -> events);
    return ZipSurgery.rewrite(step, dir.resolve("d.zip"), "manifest.json", b -> {
      JsonObject m = new JsonObject(new String(b, StandardCharsets.UTF_8));
      JsonObject e = m.getJsonObject("events");
      e.put("sha256", sha256(events)).put("count", e.getLong("count") + delta);
      return m.encode().getBytes(StandardCharsets.UTF_8);
    });
  }

  private static byte[] replaceFirst(byte[] bytes, String from, String to) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    assertThat(s).contains(from);
    return s.replaceFirst(from, to).getBytes(StandardCharsets.UTF_8);
  }

  /** Without line {@code n} (1-based). */
  private static byte[] withoutLine(byte[] bytes, int n) {
    List<String> lines = new ArrayList<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
    lines.remove(n - 1);
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static long lineOf(byte[] bytes, String text) {
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not found");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
