package dev.faceforge.verticles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreConfigLoaderTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir
  Path home;

  private Path file() {
    return HomeLayout.coreConfigFile(home);
  }

  private void write(String json) throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), json);
  }

  @Test
  void firstStartCreatesTheFileWithATokenAndTheNetworkDefaults() throws IOException {
    CoreConfig config = CoreConfigLoader.load(file());

    assertThat(config.auth().installToken()).matches("[0-9a-f]{64}");
    JsonNode written = new ObjectMapper().readTree(file().toFile());
    assertThat(written.at("/auth/install_token").asText()).isEqualTo(config.auth().installToken());
    assertThat(written.at("/network/bind_host").asText()).isEqualTo("127.0.0.1");
    assertThat(written.at("/network/core_port").asInt()).isEqualTo(43210);
    assertThat(written.at("/network/seaweed_s3_port").asInt()).isEqualTo(43211);
  }

  @Test
  void missingKeysTakeTheirDefaults() throws IOException {
    write("{\"auth\": {\"install_token\": \"" + TOKEN + "\"}}");

    CoreConfig config = CoreConfigLoader.load(file());

    CoreConfig defaults = CoreConfig.defaults();
    assertThat(config.auth().installToken()).isEqualTo(TOKEN);
    assertThat(config.network()).isEqualTo(new CoreConfig.Network("127.0.0.1", 43210, 43211));
    assertThat(config.paths()).isEqualTo(defaults.paths());
    assertThat(config.tools()).isEqualTo(new CoreConfig.Tools(false, Optional.empty()));
    assertThat(config.storage().routing()).isEqualTo(new CoreConfig.Routing("fs", Map.of(), OptionalLong.empty(), Optional.empty()));
    assertThat(config.storage().s3()).isEqualTo(
        new CoreConfig.S3(Optional.empty(), "us-east-1", "faceforge", Optional.empty(), Optional.empty(), true));
    assertThat(config.seaweed()).isEqualTo(new CoreConfig.Seaweed(false, Optional.empty(), 43211, Optional.empty()));
  }

  @Test
  void nullsAndBlankStringsCountAsUnset() throws IOException {
    write("{\"network\": {\"bind_host\": \"  \", \"core_port\": null}, \"paths\": {\"db_dir\": \"\"}, \"tools\": null}");

    CoreConfig config = CoreConfigLoader.load(file());

    assertThat(config.network().bindHost()).isEqualTo("127.0.0.1");
    assertThat(config.network().corePort()).isEqualTo(43210);
    assertThat(config.paths().dbDir()).isEmpty();
    assertThat(config.tools().exiftoolEnabled()).isFalse();
  }

  @Test
  void everyKeyOfTheV1ShapeIsRead() throws IOException {
    write("""
        {"auth": {"install_token": "%s"},
         "network": {"bind_host": "0.0.0.0", "core_port": 5000, "seaweed_s3_port": 5001},
         "paths": {"db_dir": "/data/db", "s3_dir": "s3x", "logs_dir": "l", "plugins_dir": "p", "assets_dir": "/big/assets"},
         "tools": {"exiftool_enabled": true, "exiftool_path": "/usr/bin/exiftool"},
         "storage": {"routing": {"default_provider": "s3", "kinds": {"model.lora": "s3", "image": "fs"},
                                 "size_threshold_bytes": 1000000, "large_provider": "s3"},
                     "s3": {"endpoint": "http://127.0.0.1:5001", "region": "eu-west-1", "bucket": "b",
                            "access_key": "AK", "secret_key": "SK", "path_style": false}},
         "seaweed": {"enabled": true, "weed_path": "/opt/weed", "s3_port": 6000, "data_dir": "s3/sw"}}
        """.formatted(TOKEN));

    CoreConfig config = CoreConfigLoader.load(file());

    assertThat(config.network()).isEqualTo(new CoreConfig.Network("0.0.0.0", 5000, 5001));
    assertThat(config.paths()).isEqualTo(new CoreConfig.Paths(Optional.of("/data/db"), Optional.of("s3x"),
        Optional.of("l"), Optional.of("p"), Optional.of("/big/assets")));
    assertThat(config.tools()).isEqualTo(new CoreConfig.Tools(true, Optional.of("/usr/bin/exiftool")));
    assertThat(config.storage().routing()).isEqualTo(new CoreConfig.Routing("s3",
        Map.of("model.lora", "s3", "image", "fs"), OptionalLong.of(1_000_000), Optional.of("s3")));
    assertThat(config.storage().s3()).isEqualTo(new CoreConfig.S3(Optional.of("http://127.0.0.1:5001"), "eu-west-1",
        "b", Optional.of("AK"), Optional.of("SK"), false));
    assertThat(config.seaweed()).isEqualTo(new CoreConfig.Seaweed(true, Optional.of("/opt/weed"), 6000, Optional.of("s3/sw")));
  }

  @Test
  void seaweedS3PortDefaultsToTheNetworkOne() throws IOException {
    write("{\"network\": {\"seaweed_s3_port\": 7001}}");

    assertThat(CoreConfigLoader.load(file()).seaweed().s3Port()).isEqualTo(7001);
  }

  @Test
  void unknownKeysAreIgnored() throws IOException {
    write("{\"future\": {\"x\": [1, 2]}, \"network\": {\"core_port\": 5000, \"ipv6\": true}}");

    assertThat(CoreConfigLoader.load(file()).network().corePort()).isEqualTo(5000);
  }

  @Test
  void theTokenIsGeneratedOnceAndStaysStable() throws IOException {
    String first = CoreConfigLoader.load(file()).auth().installToken();
    byte[] afterFirst = Files.readAllBytes(file());

    String second = CoreConfigLoader.load(file()).auth().installToken();

    assertThat(first).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(second).isEqualTo(first);
    assertThat(Files.readAllBytes(file())).isEqualTo(afterFirst);
  }

  @Test
  void eachInstallGetsItsOwnToken() {
    assertThat(CoreConfigLoader.newInstallToken()).isNotEqualTo(CoreConfigLoader.newInstallToken());
  }

  @Test
  void theFileIsOwnerOnlyOnPosix() throws IOException {
    assumeThat(home.getFileSystem().supportedFileAttributeViews()).contains("posix");

    CoreConfigLoader.load(file());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
  }

  @Test
  void aReadableFileWithATokenIsTightenedOnLoad() throws IOException {
    assumeThat(home.getFileSystem().supportedFileAttributeViews()).contains("posix");
    write("{\"auth\": {\"install_token\": \"" + TOKEN + "\"}}");
    Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

    CoreConfigLoader.load(file());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
  }

  @Test
  void addingTheTokenKeepsEveryOtherKeyTheUserWrote() throws IOException {
    String original = """
        {
          "network": {"core_port": 5000, "comment": "mine", "ratio": 1.50, "big": 123456789012345678901234567890},
          "auth": {"note": "keep me"},
          "x-custom": [1, "two", {"three": null}, true],
          "unicode": "Zoë – 日本"
        }
        """;
    write(original);

    String token = CoreConfigLoader.load(file()).auth().installToken();

    ObjectNode after = (ObjectNode) new ObjectMapper().readTree(Files.readString(file()));
    assertThat(after.at("/auth/install_token").asText()).isEqualTo(token);
    ((ObjectNode) after.get("auth")).remove("install_token");
    assertThat(Files.readString(file())).contains("1.50").contains("123456789012345678901234567890");
    assertThat(after).isEqualTo(new ObjectMapper().readTree(original));
    List<String> order = new ArrayList<>();
    after.fieldNames().forEachRemaining(order::add);
    assertThat(order).containsExactly("network", "auth", "x-custom", "unicode");
  }

  @Test
  void writingLeavesNoTempFileBehind() throws IOException {
    write("{}");

    CoreConfigLoader.load(file());

    try (Stream<Path> files = Files.list(file().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("core.json");
    }
  }

  @Test
  void anUtf8ByteOrderMarkIsAccepted() throws IOException {
    Files.createDirectories(file().getParent());
    Files.write(file(), ("\uFEFF{\"network\": {\"core_port\": 5000}}").getBytes(StandardCharsets.UTF_8));

    assertThat(CoreConfigLoader.load(file()).network().corePort()).isEqualTo(5000);
  }

  @Test
  void secretsAreRedactedFromToString() throws IOException {
    write("{\"auth\": {\"install_token\": \"" + TOKEN + "\"}, \"storage\": {\"s3\": {\"secret_key\": \"TOPSECRET\"}}}");

    String text = CoreConfigLoader.load(file()).toString();

    assertThat(text).doesNotContain(TOKEN).doesNotContain("TOPSECRET").contains("<redacted>");
  }
}
