package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}: clean on a healthy home; names each kind of damage done behind Core's back. */
class VerifierTest {
  @TempDir
  static Path shared;
  static Path template;
  static Workload work = new Workload();

  @TempDir
  Path dir;

  @BeforeAll
  static void workload() throws Exception {
    template = shared.resolve("template");
    try (RunningServer api = RunningServer.start(template)) {
      work.first(api);
    }
  }

  @Test
  void aHealthyHomeIsCleanEvenWhileItsServerRuns() throws Exception {
    Path home = copy();
    try (RunningServer api = RunningServer.start(home); BackupTools tools = BackupTools.open(home)) {
      api.createEntity("Written meanwhile", new io.vertx.core.json.JsonObject());
      Verifier.Report report = tools.verify();

      assertThat(report.problems()).isEmpty();
      assertThat(report.ok()).isTrue();
      assertThat(report.events()).isGreaterThan(30);
      assertThat(report.assets()).isEqualTo(5);
      assertThat(report.line()).startsWith("No problems found: " + report.events() + " events");
    }
    assertThat(Files.list(home.resolve("tmp")).toList()).isEmpty();
  }

  @Test
  void aTamperedEventRowBreaksTheChain() throws Exception {
    Path home = copy();
    long position = sql(home, "UPDATE events SET data = replace(data, 'Lovelace', 'Lovelacf')"
        + " WHERE position = (SELECT MIN(position) FROM events WHERE data LIKE '%Lovelace%')");

    List<String> problems = verify(home);

    assertThat(problems).anySatisfy(p -> assertThat(p).matches("event log: hash mismatch at position \\d+ \\(event .*\\)"));
  }

  @Test
  void aMissingBlobIsNamed() throws Exception {
    Path home = copy();
    Files.delete(Workload.blobFile(home, work.portrait));

    assertThat(verify(home)).containsExactly("asset " + work.portrait + ": bytes missing from fs (" + key(work.portrait)
        + ")");
  }

  @Test
  void aBlobWithChangedBytesIsNamed() throws Exception {
    Path home = copy();
    Path file = Workload.blobFile(home, work.portrait);
    byte[] bytes = Files.readAllBytes(file);
    bytes[100] ^= 1;
    Files.write(file, bytes);

    assertThat(verify(home)).singleElement().asString().startsWith("asset " + work.portrait + ": its bytes in fs ("
        + key(work.portrait) + ") do not match its sha256 (they hash to ");
  }

  @Test
  void aQueryTableRowChangedBehindTheWritersBackIsNamed() throws Exception {
    Path home = copy();
    sql(home, "UPDATE entities SET doc = replace(doc, 'Charles Babbage', 'Karl Babbage') WHERE entity_id = '"
        + work.charles + "'");

    List<String> problems = verify(home);

    assertThat(problems).singleElement().asString()
        .matches("query table entities: row rid=2 differs from a rebuild of the log: doc is \"\\.\\.\\..*Karl Babbage.*\","
            + " a rebuild has \"\\.\\.\\..*Charles Babbage.*\"");
  }

  private static String key(String sha256) {
    return "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
  }

  private static List<String> verify(Path home) throws Exception {
    try (BackupTools tools = BackupTools.open(home)) {
      Verifier.Report report = tools.verify();
      assertThat(report.ok()).isFalse();
      return report.problems();
    }
  }

  /** Runs one statement on the home's database behind Core's back; returns how many rows it changed. */
  private static long sql(Path home, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("db/core.sqlite3"));
         Statement s = c.createStatement()) {
      int changed = s.executeUpdate(statement);
      assertThat(changed).isEqualTo(1);
      return changed;
    }
  }

  private Path copy() throws Exception {
    Path home = dir.resolve("home");
    try (Stream<Path> walk = Files.walk(template)) {
      for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
        Path target = home.resolve(template.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return home;
  }
}
