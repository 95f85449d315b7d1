package dev.faceforge.launcher;

import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.CoreConfigLoader;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.config.HomeLocator;
import dev.faceforge.verticles.config.HomeLock;
import dev.faceforge.verticles.config.HostEnvironment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code FACEFORGE_HOME} ready for use: located, its {@code core.json} loaded (and created, with
 * a fresh install token, on first start), its folders created, and logging pointed at its logs
 * folder. Every command starts here.
 */
record OpenedHome(HomeLayout layout, CoreConfig config) {
  /** Read by {@code logback.xml}; must be set before the first logger exists. */
  static final String LOGS_DIR_PROPERTY = "faceforge.logs.dir";

  /** Throws {@link dev.faceforge.verticles.config.ConfigException} with the line to show the user. */
  static OpenedHome open(Optional<String> homeArgument, HostEnvironment host) {
    Path home = HomeLocator.resolve(homeArgument, host);
    CoreConfig config = CoreConfigLoader.load(HomeLayout.coreConfigFile(home));
    HomeLayout layout = HomeLayout.of(home, config.paths()).createDirectories();
    System.setProperty(LOGS_DIR_PROPERTY, layout.logsDir().toString());
    return new OpenedHome(layout, config);
  }

  /** Takes the home's lock for {@code purpose}; a home in use is a {@link ConfigException} with the line to show. */
  HomeLock lock(String purpose) {
    try {
      return HomeLock.acquire(layout, purpose);
    } catch (ConfigException e) {
      throw new ConfigException("FaceForge: " + e.getMessage());
    }
  }
}
