package dev.faceforge.verticles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLayoutTest {
  private static final CoreConfig.Paths NO_OVERRIDES = CoreConfig.defaults().paths();

  @TempDir
  Path home;

  @Test
  void withoutOverridesEveryFolderIsUnderTheHome() {
    HomeLayout layout = HomeLayout.of(home, NO_OVERRIDES);

    assertThat(layout).isEqualTo(new HomeLayout(home, home.resolve("db"), home.resolve("assets"), home.resolve("s3"),
        home.resolve("logs"), home.resolve("tmp"), home.resolve("config"), home.resolve("tools"), home.resolve("plugins")));
    assertThat(layout.dbFile()).isEqualTo(home.resolve("db/core.sqlite3"));
    assertThat(layout.coreConfigFile()).isEqualTo(HomeLayout.coreConfigFile(home));
    assertThat(layout.portsFile()).isEqualTo(home.resolve("config/ports.json"));
    assertThat(layout.legacyPortsFile()).isEqualTo(home.resolve("runtime/ports.json"));
  }

  @Test
  void overridesMayBeAbsoluteOrRelativeToTheHome(@TempDir Path elsewhere) {
    CoreConfig.Paths overrides = new CoreConfig.Paths(Optional.of(elsewhere.resolve("database").toString()),
        Optional.of("objects/../s3data"), Optional.of("var/log"), Optional.of(elsewhere.toString()),
        Optional.of("big-assets"));

    HomeLayout layout = HomeLayout.of(home, overrides);

    assertThat(layout.dbDir()).isEqualTo(elsewhere.resolve("database"));
    assertThat(layout.s3Dir()).isEqualTo(home.resolve("s3data"));
    assertThat(layout.logsDir()).isEqualTo(home.resolve("var/log"));
    assertThat(layout.pluginsDir()).isEqualTo(elsewhere);
    assertThat(layout.assetsDir()).isEqualTo(home.resolve("big-assets"));
    assertThat(layout.configDir()).isEqualTo(home.resolve("config"));
    assertThat(layout.tmpDir()).isEqualTo(home.resolve("tmp"));
  }

  @Test
  void seaweedDataLivesUnderTheS3FolderUnlessConfigured() {
    HomeLayout layout = HomeLayout.of(home, new CoreConfig.Paths(Optional.empty(), Optional.of("/mnt/s3"),
        Optional.empty(), Optional.empty(), Optional.empty()));
    CoreConfig.Seaweed unset = CoreConfig.defaults().seaweed();

    assertThat(layout.seaweedDataDir(unset)).isEqualTo(Path.of("/mnt/s3/seaweedfs"));
    assertThat(layout.seaweedDataDir(new CoreConfig.Seaweed(true, Optional.empty(), 43211, Optional.of("sw"))))
        .isEqualTo(home.resolve("sw"));
  }

  @Test
  void createDirectoriesCreatesTheEightFolders() {
    HomeLayout.of(home.resolve("new-home"), NO_OVERRIDES).createDirectories();

    for (String name : new String[] {"db", "assets", "s3", "logs", "tmp", "config", "tools", "plugins"}) {
      assertThat(home.resolve("new-home").resolve(name)).isDirectory();
    }
  }

  @Test
  void aFileInTheWayIsOneClearLine() throws IOException {
    Files.writeString(home.resolve("db"), "not a folder");

    assertThatThrownBy(() -> HomeLayout.of(home, NO_OVERRIDES).createDirectories())
        .isInstanceOf(ConfigException.class)
        .hasMessage("FaceForge: cannot create the folder " + home.resolve("db") + " (a file is in the way)");
  }
}
