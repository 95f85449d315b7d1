package dev.faceforge.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve} runs Core in a child JVM started with {@link #OPTIONS}, because {@code java -jar} cannot carry
 * JVM options. The one that matters: HotSpot never compiles a method of more than 8,000 bytes of bytecode
 * ({@code DontCompileHugeMethods}), and vertx-json-schema's validator is one such method (9,290 bytes), so
 * every request body's schema validation ran interpreted: 43–84 µs for an entity create's body, 11–14 µs
 * compiled. The child gets this JVM's own options too ({@code -Xmx} and the like), the same class path,
 * standard streams and arguments; the launcher waits for it and exits with its exit code.
 *
 * <p>Stopping: a signal that stops the launcher (SIGTERM, Ctrl+C) stops the child the same way before the
 * launcher exits; a launcher that dies without that (SIGKILL) is noticed by the child, which then shuts down
 * cleanly ({@link #watchLauncher}). No relaunch when this JVM already has the options, when it runs a
 * debugger or profiler agent or a flight recording (those belong to the JVM the user started), when
 * {@code FACEFORGE_NO_RELAUNCH} is set, or when the {@code java} command is unknown: then Core runs here.
 */
final class JvmRelaunch {
  /** The options the child gets; unknown to a JVM that is not HotSpot, hence the first. */
  static final List<String> OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:-DontCompileHugeMethods");
  /** Set in the child's environment: the launcher's pid (also what stops a second relaunch). */
  static final String LAUNCHER_PID = "FACEFORGE_LAUNCHER_PID";
  static final String NO_RELAUNCH = "FACEFORGE_NO_RELAUNCH";
  private static final List<String> OWN_JVM_ONLY = List.of("-agentlib:", "-agentpath:", "-javaagent:", "-Xdebug",
      "-Xrunjdwp", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions");

  private JvmRelaunch() {
  }

  /** The child's command line, or empty when Core should run in this JVM. */
  static Optional<List<String>> command(List<String> jvmOptions, Map<String, String> env, Optional<String> java,
                                        String classPath, String[] args) {
    if (env.containsKey(LAUNCHER_PID) || env.containsKey(NO_RELAUNCH) || java.isEmpty() || classPath == null
        || classPath.isEmpty() || jvmOptions.containsAll(OPTIONS.subList(1, OPTIONS.size()))
        || jvmOptions.stream().anyMatch(o -> OWN_JVM_ONLY.stream().anyMatch(o::startsWith))) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(java.get());
    command.addAll(jvmOptions);
    command.addAll(OPTIONS);
    command.addAll(List.of("-cp", classPath, Main.class.getName()));
    command.addAll(List.of(args));
    return Optional.of(command);
  }

  /** Runs Core in a child JVM when it should; its exit code, or empty when Core is to run in this JVM. */
  static OptionalInt run(String[] args) {
    Optional<List<String>> command = command(ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv(),
        ProcessHandle.current().info().command(), System.getProperty("java.class.path"), args);
    if (command.isEmpty()) {
      return OptionalInt.empty();
    }
    ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
    builder.environment().put(LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      return OptionalInt.empty();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "faceforge-stop-child"));
    try {
      return OptionalInt.of(child.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.of(Main.FAILED);
    }
  }

  /**
   * The launcher is stopping: so does the child. On POSIX {@code destroy} is SIGTERM (a clean stop); on Windows it
   * is TerminateProcess, so there the child first gets a few seconds to finish on its own (a Ctrl+C reached it
   * too).
   */
  private static void stop(Process child) {
    try {
      boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
      if (!windows) {
        child.destroy();
      }
      if (!child.waitFor(windows ? 10 : 60, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** In the child: when the launcher is gone (killed outright), shut down cleanly instead of running on alone. */
  static void watchLauncher(Map<String, String> env) {
    String pid = env.get(LAUNCHER_PID);
    if (pid == null) {
      return;
    }
    try {
      ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
          launcher -> launcher.onExit().thenRun(() -> System.exit(Main.FAILED)), () -> System.exit(Main.FAILED));
    } catch (NumberFormatException e) {
      // not ours: nothing to watch
    }
  }
}
