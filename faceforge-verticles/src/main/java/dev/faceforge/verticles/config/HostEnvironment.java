package dev.faceforge.verticles.config;

import java.util.Map;
import java.util.Optional;

/**
 * What the process learns from the machine: environment variables, {@code os.name} and
 * {@code user.home}. Passed in rather than read where needed, so tests can describe a Windows
 * or macOS machine while running on Linux.
 */
public record HostEnvironment(Map<String, String> env, String osName, String userHome) {

  public HostEnvironment {
    env = Map.copyOf(env);
  }

  /** The real machine. */
  public static HostEnvironment current() {
    return new HostEnvironment(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", ""));
  }

  /**
   * The variable {@code name}; a blank value counts as unset (as {@code VAR= cmd} and the XDG
   * base directory spec treat it).
   */
  public Optional<String> get(String name) {
    return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
  }
}
