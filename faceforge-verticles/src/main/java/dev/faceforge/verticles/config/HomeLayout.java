package dev.faceforge.verticles.config;

import java.nio.file.Path;

/**
 * The folders of one {@code FACEFORGE_HOME} (spec section 10.1), with {@code paths.*} overrides applied.
 */
public record HomeLayout(Path home, Path dbDir, Path assetsDir, Path s3Dir, Path logsDir, Path tmpDir,
                         Path configDir, Path toolsDir, Path pluginsDir) {

  /** The SQLite database file: {@code db/core.sqlite3}. */
  public Path dbFile() {
    return dbDir.resolve("core.sqlite3");
  }
}
