package dev.faceforge.launcher;

import dev.faceforge.verticles.backup.BackupException;
import dev.faceforge.verticles.backup.BackupProgress;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * What the backup commands print besides their summary: each warning as one stderr line as it happens,
 * and a failure as one stderr line (a {@link BackupException}'s message as it is; anything else with
 * where its details were logged).
 */
final class BackupOutput implements BackupProgress {
  private final PrintStream err;

  BackupOutput(PrintStream err) {
    this.err = err;
  }

  @Override
  public void warn(String message) {
    err.println("FaceForge: warning: " + message);
  }

  /** Reports {@code e} as the reason {@code what} failed; returns the exit code. */
  int failed(String what, Exception e, Path logsDir) {
    if (e instanceof BackupException) {
      err.println("FaceForge: " + what + " failed: " + e.getMessage());
    } else {
      LoggerFactory.getLogger(Main.FILE_ONLY_LOGGER).error("{} failed", what, e);
      err.println("FaceForge: " + what + " failed: " + e.getMessage() + " (" + e.getClass().getSimpleName()
          + "; details in " + logsDir.resolve("faceforge.log") + ")");
    }
    return Main.FAILED;
  }
}
