package dev.faceforge.verticles.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds {@code FACEFORGE_HOME} (spec section 10): {@code --home}, else the {@code FACEFORGE_HOME}
 * variable, else the per-user data folder of the OS. Never the working directory: a data folder
 * that depends on where a shortcut was started from would split one install into many.
 */
public final class HomeLocator {
  public static final String HOME_VARIABLE = "FACEFORGE_HOME";

  private HomeLocator() {
  }

  /** The absolute home folder; it may not exist yet. */
  public static Path resolve(Optional<String> homeArgument, HostEnvironment host) {
    if (homeArgument.isPresent()) {
      return absolute("--home", homeArgument.get());
    }
    Optional<String> variable = host.get(HOME_VARIABLE);
    if (variable.isPresent()) {
      return absolute(HOME_VARIABLE, variable.get());
    }
    return osDefault(host);
  }

  /**
   * Windows {@code %LOCALAPPDATA%\FaceForge}, macOS {@code ~/Library/Application Support/FaceForge},
   * elsewhere {@code $XDG_DATA_HOME/faceforge} or {@code ~/.local/share/faceforge}.
   */
  static Path osDefault(HostEnvironment host) {
    String os = host.osName().toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      Optional<String> localAppData = host.get("LOCALAPPDATA");
      if (localAppData.isPresent()) {
        return absolute("LOCALAPPDATA", localAppData.get()).resolve("FaceForge");
      }
      return userHome(host).resolve("AppData").resolve("Local").resolve("FaceForge");
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return userHome(host).resolve("Library").resolve("Application Support").resolve("FaceForge");
    }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    Optional<Path> xdg = host.get("XDG_DATA_HOME").map(value -> path("XDG_DATA_HOME", value)).filter(Path::isAbsolute);
    return xdg.orElseGet(() -> userHome(host).resolve(".local").resolve("share")).resolve("faceforge");
  }

  private static Path userHome(HostEnvironment host) {
    if (host.userHome() == null || host.userHome().isBlank()) {
      throw new ConfigException("FaceForge: cannot find a per-user data folder (no user home); set "
          + HOME_VARIABLE + " or pass --home");
    }
    return absolute("user.home", host.userHome());
  }

  private static Path absolute(String source, String value) {
    return path(source, value).toAbsolutePath().normalize();
  }

  private static Path path(String source, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw ConfigException.invalidSource(source, "not a valid path (got \"" + value + "\")");
    }
  }
}
