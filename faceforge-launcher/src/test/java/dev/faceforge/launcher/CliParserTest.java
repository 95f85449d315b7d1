package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliParserTest {
  private static CliCommand parse(String line) throws UsageException {
    return CliParser.parse(line.isBlank() ? List.of() : List.of(line.split(" ")));
  }

  @Test
  void noArgumentsMeansServeWithDefaults() throws UsageException {
    assertThat(parse("")).isEqualTo(new CliCommand.Serve(Optional.empty(), OptionalInt.empty(), Optional.empty()));
  }

  @Test
  void serveTakesHomePortAndBindInEitherSpelling() throws UsageException {
    assertThat(parse("serve --home /data --port 5000 --bind=0.0.0.0"))
        .isEqualTo(new CliCommand.Serve(Optional.of("/data"), OptionalInt.of(5000), Optional.of("0.0.0.0")));
    assertThat(parse("serve --port=0")).isEqualTo(new CliCommand.Serve(Optional.empty(), OptionalInt.of(0), Optional.empty()));
  }

  @Test
  void optionsWithoutACommandMeanServe() throws UsageException {
    assertThat(parse("--port 5000")).isEqualTo(new CliCommand.Serve(Optional.empty(), OptionalInt.of(5000), Optional.empty()));
  }

  @Test
  void rebuildTakesHome() throws UsageException {
    assertThat(parse("rebuild")).isEqualTo(new CliCommand.Rebuild(Optional.empty()));
    assertThat(parse("rebuild --home D:\\FaceForge")).isEqualTo(new CliCommand.Rebuild(Optional.of("D:\\FaceForge")));
  }

  @ParameterizedTest
  @CsvSource(textBlock = """
      --help
      -h
      help
      serve --help
      rebuild --home x -h
      """)
  void helpWinsEverywhere(String line) throws UsageException {
    assertThat(parse(line)).isEqualTo(new CliCommand.Help());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      frobnicate                     | FaceForge: unknown command 'frobnicate' (see --help)
      serve --verbose                | FaceForge: unknown option --verbose for serve (see --help)
      rebuild --port 5000            | FaceForge: unknown option --port for rebuild (see --help)
      serve --port                   | FaceForge: option --port needs a value (see --help)
      serve --home --port 5          | FaceForge: option --home needs a value (see --help)
      serve --home=                  | FaceForge: option --home needs a value (see --help)
      serve --port abc               | FaceForge: --port must be an integer 0-65535 (got "abc") (see --help)
      serve --port 65536             | FaceForge: --port must be an integer 0-65535 (got "65536") (see --help)
      serve --port -1                | FaceForge: --port must be an integer 0-65535 (got "-1") (see --help)
      serve --port 1 --port 2        | FaceForge: option --port is given twice (see --help)
      serve extra                    | FaceForge: unexpected argument 'extra' (see --help)
      """)
  void badCommandLinesAreOneClearLine(String line, String message) {
    assertThatThrownBy(() -> parse(line)).isInstanceOf(UsageException.class).hasMessage(message);
  }
}
