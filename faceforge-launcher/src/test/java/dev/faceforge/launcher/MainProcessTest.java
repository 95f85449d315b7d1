package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code main}, in a child JVM: real exit codes, real stdout and stderr. */
class MainProcessTest {
  @TempDir
  Path dir;

  private record Result(int exit, String out, String err) {
  }

  /** The launcher in a child JVM with {@code args}, its output in {@code out} and {@code err}. */
  private Process start(Path out, Path err, String... args) throws IOException {
    return start(out, err, Map.of(), args);
  }

  private Process start(Path out, Path err, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("FACEFORGE_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private Result launch(String... args) throws IOException, InterruptedException {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = start(out, err, args);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void serveWithAMalformedCoreJsonExitsNonZeroWithOneStderrLine() throws Exception {
    Path home = dir.resolve("home");
    Path file = home.resolve("config/core.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"auth\": {\"install_token\": 42}}");
    byte[] before = Files.readAllBytes(file);

    Result result = launch("serve", "--home", home.toString());

    assertThat(result.exit()).isNotZero();
    assertThat(result.err().lines().toList()).containsExactly("FaceForge: invalid configuration in " + file
        + ": auth.install_token must be a string of at least 32 visible ASCII characters (got a number)");
    assertThat(result.out()).isEmpty();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aHomeInUseByAServerRefusesASecondServerARebuildAndAnImportUntilItStops() throws Exception {
    Path home = dir.resolve("home");
    Path serverOut = dir.resolve("server-out.txt");
    Process server = start(serverOut, dir.resolve("server-err.txt"), "serve", "--home", home.toString(), "--port", "0");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(serverOut).contains("is running at") && System.nanoTime() < deadline) {
        assertThat(server.isAlive()).as("the server is still up").isTrue();
        Thread.sleep(100);
      }
      assertThat(Files.readString(serverOut)).contains("is running at");
      // Core runs in the launcher's child JVM (JvmRelaunch): that one holds the home
      String inUse = "the FaceForge home " + home + " is in use (pid " + core(server).pid() + ": serve)";

      Result second = launch("serve", "--home", home.toString(), "--port", "0");
      Result rebuild = launch("rebuild", "--home", home.toString());
      Result restore = launch("import", "--home", home.toString(), "--from", dir.resolve("none.zip").toString());

      assertThat(second.exit()).isEqualTo(1);
      assertThat(second.err()).contains(inUse);
      assertThat(rebuild.exit()).isEqualTo(1);
      assertThat(rebuild.err().lines().toList()).containsExactly("FaceForge: " + inUse
          + "; stop that first, or use another --home");
      assertThat(restore.exit()).isEqualTo(1);
      assertThat(restore.err()).contains(inUse);
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    Result rebuild = launch("rebuild", "--home", home.toString());
    assertThat(rebuild.exit()).as(rebuild.err()).isZero();
    assertThat(rebuild.out()).contains("Rebuilt the query tables");
  }

  @Test
  void serveRunsCoreInAChildJvmWithHugeMethodsCompiledThatStopsWhenTheLauncherIsKilled() throws Exception {
    Path home = dir.resolve("home");
    Path serverOut = dir.resolve("server-out.txt");
    Process launcher = start(serverOut, dir.resolve("server-err.txt"), "serve", "--home", home.toString(), "--port",
        "0");
    ProcessHandle core;
    try {
      awaitRunning(launcher, serverOut);
      core = core(launcher);
      assertThat(core.pid()).isNotEqualTo(launcher.pid());
      core.info().arguments().ifPresent(a -> assertThat(a).contains("-XX:-DontCompileHugeMethods"));
    } finally {
      launcher.destroyForcibly(); // SIGKILL: the launcher's shutdown hook never runs
    }
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(core.onExit().get(60, TimeUnit.SECONDS).isAlive()).as("Core stops on its own").isFalse();

    Result rebuild = launch("rebuild", "--home", home.toString());
    assertThat(rebuild.exit()).as(rebuild.err()).isZero();
  }

  @Test
  void serveRunsInTheLaunchersJvmWhenToldNotToRelaunch() throws Exception {
    Path home = dir.resolve("home");
    Path serverOut = dir.resolve("server-out.txt");
    Process server = start(serverOut, dir.resolve("server-err.txt"), Map.of(JvmRelaunch.NO_RELAUNCH, "1"), "serve",
        "--home", home.toString(), "--port", "0");
    try {
      awaitRunning(server, serverOut);
      assertThat(server.children().count()).isZero();
      assertThat(Files.readString(home.resolve("db").resolve("core.lock"))).startsWith("pid " + server.pid());
    } finally {
      server.destroy();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The JVM running Core: the launcher's one child. */
  private static ProcessHandle core(Process launcher) {
    List<ProcessHandle> children = launcher.children().toList();
    assertThat(children).hasSize(1);
    return children.get(0);
  }

  private static void awaitRunning(Process server, Path serverOut) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(serverOut).contains("is running at") && System.nanoTime() < deadline) {
      assertThat(server.isAlive()).as("the server is still up").isTrue();
      Thread.sleep(100);
    }
    assertThat(Files.readString(serverOut)).contains("is running at");
  }

  @Test
  void anUnknownOptionExitsWithTwo() throws Exception {
    Result result = launch("serve", "--verbose");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err().lines().toList()).containsExactly("FaceForge: unknown option --verbose for serve (see --help)");
  }

  @Test
  void helpExitsWithZero() throws Exception {
    Result result = launch("--help");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("Usage: faceforge");
    assertThat(result.err()).isEmpty();
  }
}
