package dev.faceforge.launcher;

/**
 * The command line itself is wrong (unknown command or option, missing value). The message is
 * the one line shown to the user; no stack trace because the mistake is not in our code.
 */
final class UsageException extends Exception {

  UsageException(String problem) {
    super("FaceForge: " + problem + " (see --help)", null, false, false);
  }
}
