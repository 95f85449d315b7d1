package dev.faceforge.verticles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broken core.json stops startup with one line naming the file and key, and is never touched. */
class MalformedCoreConfigTest {
  private static final FileTime LONG_AGO = FileTime.fromMillis(1_600_000_000_000L);

  @TempDir
  Path home;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"network": {"core_port": "abc"}}            | network.core_port must be an integer 1-65535 (got "abc")
      {"network": {"core_port": -5}}               | network.core_port must be an integer 1-65535 (got -5)
      {"network": {"core_port": 70000}}            | network.core_port must be an integer 1-65535 (got 70000)
      {"network": {"core_port": 0}}                | network.core_port must be an integer 1-65535 (got 0)
      {"network": {"core_port": 80.5}}             | network.core_port must be an integer 1-65535 (got 80.5)
      {"network": {"seaweed_s3_port": true}}       | network.seaweed_s3_port must be an integer 1-65535 (got true)
      {"network": {"bind_host": 127}}              | network.bind_host must be a string (got 127)
      {"network": 5}                               | network must be an object (got 5)
      {"auth": {"install_token": 12345}}           | auth.install_token must be a string of at least 32 visible ASCII characters (got a number)
      {"auth": {"install_token": "short-secret"}}  | auth.install_token must be a string of at least 32 visible ASCII characters (got a string of 12 characters)
      {"auth": {"install_token": ""}}              | auth.install_token must be a string of at least 32 visible ASCII characters (got a string of 0 characters)
      {"paths": {"db_dir": 42}}                    | paths.db_dir must be a path string (got 42)
      {"paths": {"logs_dir": ["a"]}}               | paths.logs_dir must be a path string (got an array)
      {"tools": {"exiftool_enabled": "yes"}}       | tools.exiftool_enabled must be true or false (got "yes")
      {"storage": {"routing": {"kinds": {"image": 3}}}}         | storage.routing.kinds.image must be a non-empty string (got 3)
      {"storage": {"routing": {"size_threshold_bytes": -1}}}    | storage.routing.size_threshold_bytes must be a non-negative integer (got -1)
      {"storage": {"s3": {"secret_key": 987654321}}}            | storage.s3.secret_key must be a string (got a number)
      {"seaweed": {"s3_port": 65536}}              | seaweed.s3_port must be an integer 1-65535 (got 65536)
      [1, 2]                                       | the top level must be a JSON object (got an array)
      {"network": {"core_port": 1}, "network": {}} | not valid JSON at line 1, column 40 (Duplicate field 'network')
      `{"network": {"core_port": 1}`               | not valid JSON at line 1, column 29 (Unexpected end-of-input: expected close marker for Object)
      `{"network": {"core_port": 1}} trailing`     | not valid JSON at line 1, column 39 (Unrecognized token 'trailing': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))
      `{"network": {"core_port": 1}} 5`            | not valid JSON at line 1, column 31 (Trailing token (of type VALUE_NUMBER_INT) found after value)
      """)
  void isReportedOnOneLineAndLeftUntouched(String json, String problem) throws IOException {
    Path file = HomeLayout.coreConfigFile(home);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    Files.setLastModifiedTime(file, LONG_AGO);
    byte[] before = Files.readAllBytes(file);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CoreConfigLoader.load(file));

    assertThat(e.getMessage()).isEqualTo("FaceForge: invalid configuration in " + file.toAbsolutePath() + ": " + problem);
    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("short-secret").doesNotContain("987654321");
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(LONG_AGO);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      `{\n  "auth": {"install_token": 0123456789abcdef0123456789abcdef}\n}` | line 2
      `{\n  "auth": {"install_token": "0123456789abcdef0123456789abcdef}\n}` | line 2
      """)
  void brokenJsonNamesTheLineButNeverEchoesTheToken(String escaped, String line) throws IOException {
    Path file = HomeLayout.coreConfigFile(home);
    Files.createDirectories(file.getParent());
    Files.writeString(file, escaped.replace("\\n", "\n"));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CoreConfigLoader.load(file));

    assertThat(e.getMessage()).contains("not valid JSON at " + line).doesNotContain("0123456789abcdef").doesNotContain("\n");
  }
}
