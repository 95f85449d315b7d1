package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command lines of {@code export}, {@code import} and {@code verify}. */
class BackupCliParserTest {
  private static CliCommand parse(String line) throws UsageException {
    return CliParser.parse(List.of(line.split(" ")));
  }

  @Test
  void exportTakesHomeToAndUntil() throws UsageException {
    assertThat(parse("export --home /data --to /b/x.zip"))
        .isEqualTo(new CliCommand.Export(Optional.of("/data"), "/b/x.zip", OptionalLong.empty()));
    assertThat(parse("export --to=x.zip --until 42"))
        .isEqualTo(new CliCommand.Export(Optional.empty(), "x.zip", OptionalLong.of(42)));
  }

  @Test
  void importTakesHomeFromAndUntil() throws UsageException {
    assertThat(parse("import --home /new --from /b/x.zip --until=7"))
        .isEqualTo(new CliCommand.Import(Optional.of("/new"), "/b/x.zip", OptionalLong.of(7)));
  }

  @Test
  void verifyTakesHome() throws UsageException {
    assertThat(parse("verify")).isEqualTo(new CliCommand.Verify(Optional.empty()));
    assertThat(parse("verify --home /data")).isEqualTo(new CliCommand.Verify(Optional.of("/data")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      export                         | FaceForge: export needs --to FILE (see --help)
      export --home /d               | FaceForge: export needs --to FILE (see --help)
      import --home /d               | FaceForge: import needs --from FILE (see --help)
      export --to x --until abc      | FaceForge: --until must be a log position, an integer from 1 (got "abc") (see --help)
      import --from x --until 0      | FaceForge: --until must be a log position, an integer from 1 (got "0") (see --help)
      export --from x                | FaceForge: unknown option --from for export (see --help)
      import --to x                  | FaceForge: unknown option --to for import (see --help)
      verify --until 3               | FaceForge: unknown option --until for verify (see --help)
      """)
  void badBackupCommandLinesAreOneClearLine(String line, String message) {
    assertThatThrownBy(() -> parse(line)).isInstanceOf(UsageException.class).hasMessage(message);
  }
}
