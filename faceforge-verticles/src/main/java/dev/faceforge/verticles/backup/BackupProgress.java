package dev.faceforge.verticles.backup;

/**
 * Where an export, import or verification reports while it runs, from its own (blocking) thread: the
 * command line prints nothing until its summary, the {@code core.export} job turns these into log lines
 * and progress. {@link #canceled()} is asked between steps; when it turns true the work stops with a
 * {@link java.util.concurrent.CancellationException} and removes what it had written.
 */
public interface BackupProgress {
  BackupProgress NONE = new BackupProgress() {
  };

  /** A milestone worth a log line. */
  default void info(String message) {
  }

  /** Something the user should know, though the work goes on (e.g. bytes the log references are missing). */
  default void warn(String message) {
  }

  /** How far along: {@code percent} 0-100, a short step, and counts so far. Called often: throttle. */
  default void progress(double percent, String step, long events, long blobs, long bytes) {
  }

  default boolean canceled() {
    return false;
  }
}
