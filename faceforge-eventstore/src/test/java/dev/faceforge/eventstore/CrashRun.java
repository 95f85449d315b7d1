package dev.faceforge.eventstore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an appender main class in a child JVM, collects the event ids it acknowledges on stdout, and
 * kills it with SIGKILL after a given number of acknowledged appends. Lines cut short by the kill
 * (no trailing {@code " ."}) are not acknowledgements and are ignored.
 */
final class CrashRun {
  private CrashRun() {
  }

  /** What the parent saw: every acknowledged id, the number of acks, and the child's exit code. */
  record Result(Set<String> ackedIds, int acks, int exitCode, String stderr) {
  }

  static Result killAfter(Class<?> main, Path log, String run, int threads, int acksBeforeKill, Path stderrFile)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(),
        log.toString(), run, Integer.toString(threads))
        .redirectError(stderrFile.toFile())
        .start();
    // SIGKILL through the ProcessHandle: Process.destroyForcibly() also closes our end of the pipe, and the
    // acks the child wrote just before dying must still be read
    ProcessHandle handle = child.toHandle();
    // a hung child must not hang the build: killing it ends the stream, and the test then fails on the count
    CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(handle::destroyForcibly);
    Set<String> ids = new HashSet<>();
    int acks = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("ack ") && line.endsWith(" .")) {
          List<String> words = Arrays.asList(line.split(" "));
          ids.addAll(words.subList(1, words.size() - 1));
          if (++acks == acksBeforeKill) {
            handle.destroyForcibly();
          }
        }
      }
    } finally {
      child.destroyForcibly();
    }
    if (!child.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the child did not die");
    }
    return new Result(ids, acks, child.exitValue(), Files.readString(stderrFile));
  }
}
