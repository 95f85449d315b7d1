package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.config.HostEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI entry point in-process, with a machine described by the test. */
class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path home;

  private OptionalInt run(Map<String, String> env, String... args) {
    HostEnvironment host = new HostEnvironment(env, "Linux", home.resolve("user-home").toString());
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), host);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    assertThat(run(Map.of(), "--help")).hasValue(0);

    assertThat(out()).startsWith("Usage: faceforge [serve]").contains("rebuild [--home DIR]");
    assertThat(err()).isEmpty();
  }

  @Test
  void anUnknownCommandExitsWithTwo() {
    assertThat(run(Map.of(), "start")).hasValue(2);

    assertThat(err()).isEqualTo("FaceForge: unknown command 'start' (see --help)" + System.lineSeparator());
    assertThat(out()).isEmpty();
  }

  @Test
  void aMalformedCoreJsonFoundThroughTheVariableStopsServeWithOneLine() throws IOException {
    Path file = home.resolve("config/core.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"network\": {\"core_port\": \"abc\"}}");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));

    OptionalInt exit = run(Map.of("FACEFORGE_HOME", home.toString()), "serve");

    assertThat(exit).hasValue(1);
    assertThat(err()).isEqualTo("FaceForge: invalid configuration in " + file
        + ": network.core_port must be an integer 1-65535 (got \"abc\")" + System.lineSeparator());
    assertThat(out()).isEmpty();
    assertThat(file).hasContent("{\"network\": {\"core_port\": \"abc\"}}");
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(FileTime.fromMillis(1_600_000_000_000L));
  }

  @Test
  void anInvalidPortVariableStopsServeNamingTheVariable() {
    OptionalInt exit = run(Map.of("FACEFORGE_PORT", "http"), "serve", "--home", home.toString());

    assertThat(exit).hasValue(1);
    assertThat(err()).isEqualTo("FaceForge: invalid FACEFORGE_PORT: must be an integer 0-65535 (got \"http\")"
        + System.lineSeparator());
  }

  @Test
  void rebuildWithoutADatabaseSaysWhereItLooked() {
    OptionalInt exit = run(Map.of(), "rebuild", "--home", home.toString());

    assertThat(exit).hasValue(1);
    assertThat(err()).isEqualTo("FaceForge: no database to rebuild at " + home.resolve("db/core.sqlite3")
        + System.lineSeparator());
    assertThat(home.resolve("config/core.json")).exists();
  }
}
