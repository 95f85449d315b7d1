package dev.faceforge.verticles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenPrecedenceTest {
  private static final CoreConfig.Network DEFAULT_NETWORK = CoreConfig.defaults().network();

  @ParameterizedTest(name = "--port={0} FACEFORGE_PORT={1} ports.json={2} runtime/ports.json={3} core_port={4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # --port | FACEFORGE_PORT | ports.json | legacy | core_port | expected
      1001     | 2002           | 3003       | 4004   | 5005      | 1001
      -        | 2002           | 3003       | 4004   | 5005      | 2002
      -        | -              | 3003       | 4004   | 5005      | 3003
      -        | -              | -          | 4004   | 5005      | 4004
      -        | -              | -          | -      | 5005      | 5005
      -        | -              | -          | -      | -         | 43210
      0        | 2002           | 3003       | 4004   | 5005      | 0
      -        | 0              | 3003       | 4004   | 5005      | 0
      -        | ' 2002 '       | -          | -      | -         | 2002
      -        | ''             | 3003       | -      | -         | 3003
      """)
  void portPrecedence(Integer argument, String variable, Integer portsFile, Integer legacy, Integer corePort, int expected) {
    Map<String, String> env = new HashMap<>();
    if (variable != null) {
      env.put("FACEFORGE_PORT", variable);
    }
    CoreConfig.Network network = new CoreConfig.Network("127.0.0.1", corePort == null ? 43210 : corePort, 43211);

    ListenAddress address = ListenPrecedence.resolve(optional(argument), Optional.empty(), host(env),
        optional(portsFile), optional(legacy), network);

    assertThat(address.port()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "--bind={0} FACEFORGE_BIND={1} bind_host={2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      # --bind   | FACEFORGE_BIND | bind_host   | expected
      10.0.0.1   | 10.0.0.2       | 10.0.0.3    | 10.0.0.1
      -          | 10.0.0.2       | 10.0.0.3    | 10.0.0.2
      -          | -              | 10.0.0.3    | 10.0.0.3
      -          | -              | -           | 127.0.0.1
      -          | ''             | 0.0.0.0     | 0.0.0.0
      """)
  void bindPrecedence(String argument, String variable, String bindHost, String expected) {
    Map<String, String> env = new HashMap<>();
    if (variable != null) {
      env.put("FACEFORGE_BIND", variable);
    }
    CoreConfig.Network network = new CoreConfig.Network(bindHost == null ? "127.0.0.1" : bindHost, 43210, 43211);

    ListenAddress address = ListenPrecedence.resolve(OptionalInt.empty(), Optional.ofNullable(argument), host(env),
        OptionalInt.empty(), OptionalInt.empty(), network);

    assertThat(address.bindHost()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(textBlock = """
      abc
      70000
      -1
      80.5
      """)
  void anInvalidPortVariableIsAnErrorNotAFallback(String value) {
    HostEnvironment host = host(Map.of("FACEFORGE_PORT", value));

    assertThatThrownBy(() -> ListenPrecedence.resolve(OptionalInt.empty(), Optional.empty(), host,
        OptionalInt.of(3003), OptionalInt.empty(), DEFAULT_NETWORK))
        .isInstanceOf(ConfigException.class)
        .hasMessage("FaceForge: invalid FACEFORGE_PORT: must be an integer 0-65535 (got \"" + value + "\")");
  }

  @Test
  void parsePortAcceptsZeroToMaxOnly() {
    assertThat(ListenPrecedence.parsePort("0")).hasValue(0);
    assertThat(ListenPrecedence.parsePort("65535")).hasValue(65535);
    assertThat(ListenPrecedence.parsePort("65536")).isEmpty();
    assertThat(ListenPrecedence.parsePort("-1")).isEmpty();
    assertThat(ListenPrecedence.parsePort("x")).isEmpty();
  }

  @Test
  void portsFilesAreReadFromTheLayout(@TempDir Path home) throws IOException {
    HomeLayout layout = HomeLayout.of(home, CoreConfig.defaults().paths());
    Files.createDirectories(layout.legacyPortsFile().getParent());
    Files.writeString(layout.legacyPortsFile(), "{\"core\": 4004, \"seaweed_s3\": 4005}");
    ListenAddress legacyOnly = ListenPrecedence.resolve(OptionalInt.empty(), Optional.empty(), host(Map.of()),
        layout, CoreConfig.defaults());
    Files.createDirectories(layout.portsFile().getParent());
    Files.writeString(layout.portsFile(), "{\"core\": 3003}");
    ListenAddress both = ListenPrecedence.resolve(OptionalInt.empty(), Optional.empty(), host(Map.of()),
        layout, CoreConfig.defaults());

    assertThat(legacyOnly).isEqualTo(new ListenAddress("127.0.0.1", 4004));
    assertThat(both).isEqualTo(new ListenAddress("127.0.0.1", 3003));
  }

  @Test
  void portsFileWithoutCoreHasNoOpinion(@TempDir Path home) throws IOException {
    Path file = home.resolve("ports.json");
    Files.writeString(file, "{\"seaweed_s3\": 4005}");

    assertThat(PortsFile.readCore(file)).isEmpty();
    assertThat(PortsFile.readCore(home.resolve("missing.json"))).isEmpty();
  }

  @Test
  void aBrokenPortsFileNamesTheFileAndKey(@TempDir Path home) throws IOException {
    Path file = home.resolve("ports.json");
    Files.writeString(file, "{\"core\": 70000}");

    assertThatThrownBy(() -> PortsFile.readCore(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("FaceForge: invalid configuration in " + file + ": core must be an integer 1-65535 (got 70000)");
  }

  private static OptionalInt optional(Integer value) {
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }

  private static HostEnvironment host(Map<String, String> env) {
    return new HostEnvironment(env, "Linux", "/users/ada");
  }
}
