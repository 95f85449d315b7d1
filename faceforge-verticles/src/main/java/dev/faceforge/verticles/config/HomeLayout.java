package dev.faceforge.verticles.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folders of one {@code FACEFORGE_HOME} (spec section 10.1), with {@code paths.*} overrides applied.
 * {@code config/} and {@code tmp/} always live in the home (10.2): Core must find its configuration
 * before it knows any override, and temp files must share a file system with the home to be moved
 * into place atomically.
 */
public record HomeLayout(Path home, Path dbDir, Path assetsDir, Path s3Dir, Path logsDir, Path tmpDir,
                         Path configDir, Path toolsDir, Path pluginsDir) {

  /** {@code <home>/config/core.json}: readable before the layout exists, since overrides live in it. */
  public static Path coreConfigFile(Path home) {
    return home.resolve("config").resolve("core.json");
  }

  /** The layout of {@code home} with {@code overrides} applied (absolute, or relative to {@code home}). */
  public static HomeLayout of(Path home, CoreConfig.Paths overrides) {
    Path root = home.toAbsolutePath().normalize();
    return new HomeLayout(root,
        folder(root, overrides.dbDir(), "db"),
        folder(root, overrides.assetsDir(), "assets"),
        folder(root, overrides.s3Dir(), "s3"),
        folder(root, overrides.logsDir(), "logs"),
        root.resolve("tmp"),
        root.resolve("config"),
        root.resolve("tools"),
        folder(root, overrides.pluginsDir(), "plugins"));
  }

  /** Creates every folder that is missing; returns this layout. Throws {@link ConfigException}. */
  public HomeLayout createDirectories() {
    for (Path dir : List.of(dbDir, assetsDir, s3Dir, logsDir, tmpDir, configDir, toolsDir, pluginsDir)) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw ConfigException.io("create the folder", dir, e);
      }
    }
    return this;
  }

  /** The SQLite database file: {@code db/core.sqlite3}. */
  public Path dbFile() {
    return dbDir.resolve("core.sqlite3");
  }

  /** {@code config/core.json}. */
  public Path coreConfigFile() {
    return configDir.resolve("core.json");
  }

  /** {@code config/ports.json}: ports chosen by a launcher (spec section 12.1). */
  public Path portsFile() {
    return configDir.resolve("ports.json");
  }

  /** {@code runtime/ports.json}: the legacy location of {@link #portsFile()}, still read. */
  public Path legacyPortsFile() {
    return home.resolve("runtime").resolve("ports.json");
  }

  /** {@code seaweed.data_dir} (absolute, or relative to the home), else {@code s3/seaweedfs} (spec 10.1). */
  public Path seaweedDataDir(CoreConfig.Seaweed seaweed) {
    return seaweed.dataDir().map(value -> home.resolve(value).normalize()).orElse(s3Dir.resolve("seaweedfs"));
  }

  private static Path folder(Path home, Optional<String> override, String name) {
    return override.map(value -> home.resolve(value).normalize()).orElse(home.resolve(name));
  }
}
