package dev.faceforge.verticles.backup;

/**
 * A backup, restore or verification that cannot go on, with the one line to show the user (what is wrong
 * and with what: "events.ndjson: sha256 mismatch (archive corrupted)"). Built without a stack trace: the
 * problem is in the data or the command, not in our code.
 */
public final class BackupException extends RuntimeException {

  public BackupException(String message) {
    super(message, null, false, false);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
