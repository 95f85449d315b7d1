package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.CoreProjector;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.EntityCreated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export}, {@code import}, {@code verify} through the real {@code main} in a child JVM: real exit codes. */
class BackupProcessTest {
  @TempDir
  Path dir;

  private record Result(int exit, String out, String err) {
  }

  private Result launch(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("FACEFORGE_"));
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The last line (the test class path logs to stdout before it). */
  private static String last(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void exportImportVerifyExitCodes() throws Exception {
    Path original = dir.resolve("original");
    Path db = original.resolve("db/core.sqlite3");
    try (EventStore store = EventStore.open(db, Durability.FULL, new CoreProjector(), Clock.systemUTC())) {
      EntityCreated ada = new EntityCreated("a".repeat(64), "Ada", List.of(), List.of(),
          JsonNodeFactory.instance.objectNode(), null, JsonNodeFactory.instance.objectNode(), Map.of());
      store.append(ada.streamId(), ExpectedVersion.noStream(), List.of(DomainEvents.toNew(ada, EventMetadata.system())))
          .get();
    }

    Result exported = launch("export", "--home", original.toString(), "--to", "backup.zip");
    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(last(exported.out())).startsWith("Exported 1 events (up to position 1) and 0 blobs");

    Result imported = launch("import", "--home", dir.resolve("restored").toString(), "--from", "backup.zip");
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Imported 1 events (up to position 1 of 1)");

    Result verified = launch("verify", "--home", dir.resolve("restored").toString());
    assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
    assertThat(last(verified.out())).startsWith("No problems found: 1 events");

    Result missing = launch("verify", "--home", dir.resolve("nothing").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().lines().toList()).containsExactly("FaceForge: verify failed: no database to verify at "
        + dir.resolve("nothing/db/core.sqlite3"));

    Result usage = launch("import", "--home", dir.resolve("x").toString());
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err().lines().toList()).containsExactly("FaceForge: import needs --from FILE (see --help)");
  }
}
