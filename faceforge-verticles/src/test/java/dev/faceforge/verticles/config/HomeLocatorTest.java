package dev.faceforge.verticles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HomeLocatorTest {
  private static HostEnvironment host(String os, Map<String, String> env) {
    return new HostEnvironment(env, os, "/users/ada");
  }

  @Test
  void homeArgumentWinsOverTheVariable() {
    Path home = HomeLocator.resolve(Optional.of("/from/arg"), host("Linux", Map.of("FACEFORGE_HOME", "/from/env")));

    assertThat(home).isEqualTo(Path.of("/from/arg"));
  }

  @Test
  void variableWinsOverTheOsDefault() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Linux", Map.of("FACEFORGE_HOME", "/from/env/./x/..")));

    assertThat(home).isEqualTo(Path.of("/from/env"));
  }

  @Test
  void aBlankVariableIsUnset() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Linux", Map.of("FACEFORGE_HOME", " ")));

    assertThat(home).isEqualTo(Path.of("/users/ada/.local/share/faceforge"));
  }

  @Test
  void aRelativeHomeArgumentIsMadeAbsolute() {
    Path home = HomeLocator.resolve(Optional.of("data"), host("Linux", Map.of()));

    assertThat(home).isAbsolute().isEqualTo(Path.of("data").toAbsolutePath());
  }

  @Test
  void windowsUsesLocalAppData() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Windows 11", Map.of("LOCALAPPDATA", "/c/Users/ada/AppData/Local")));

    assertThat(home).isEqualTo(Path.of("/c/Users/ada/AppData/Local/FaceForge"));
  }

  @Test
  void windowsWithoutLocalAppDataUsesItsUsualPlace() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Windows 10", Map.of()));

    assertThat(home).isEqualTo(Path.of("/users/ada/AppData/Local/FaceForge"));
  }

  @Test
  void macUsesApplicationSupport() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Mac OS X", Map.of("XDG_DATA_HOME", "/ignored")));

    assertThat(home).isEqualTo(Path.of("/users/ada/Library/Application Support/FaceForge"));
  }

  @Test
  void linuxUsesXdgDataHome() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Linux", Map.of("XDG_DATA_HOME", "/xdg/data")));

    assertThat(home).isEqualTo(Path.of("/xdg/data/faceforge"));
  }

  @Test
  void linuxIgnoresARelativeXdgDataHome() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Linux", Map.of("XDG_DATA_HOME", "relative/data")));

    assertThat(home).isEqualTo(Path.of("/users/ada/.local/share/faceforge"));
  }

  @Test
  void linuxWithoutXdgUsesLocalShare() {
    Path home = HomeLocator.resolve(Optional.empty(), host("Linux", Map.of()));

    assertThat(home).isEqualTo(Path.of("/users/ada/.local/share/faceforge"));
  }

  @Test
  void withoutAnyHintItRefusesRatherThanUsingTheWorkingDirectory() {
    HostEnvironment nowhere = new HostEnvironment(Map.of(), "Linux", "");

    assertThatThrownBy(() -> HomeLocator.resolve(Optional.empty(), nowhere))
        .isInstanceOf(ConfigException.class)
        .hasMessage("FaceForge: cannot find a per-user data folder (no user home); set FACEFORGE_HOME or pass --home");
  }
}
