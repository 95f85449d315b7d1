package dev.faceforge.verticles.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Startup cannot go on because of the configuration or the data folder. The message is the one
 * line the user sees ({@code FaceForge: invalid configuration in <file>: <key> must be ...}), so
 * it names the file or the source and the offending key; no stack trace is captured because it
 * would only point at our own parsing code, never at the user's mistake.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }

  /** A key of a JSON configuration file has a wrong value; {@code problem} starts with the key. */
  public static ConfigException invalidFile(Path file, String problem) {
    return new ConfigException("FaceForge: invalid configuration in " + file.toAbsolutePath() + ": " + problem);
  }

  /** A value from outside the files ({@code FACEFORGE_PORT}, {@code --home}...) is wrong. */
  public static ConfigException invalidSource(String source, String problem) {
    return new ConfigException("FaceForge: invalid " + source + ": " + problem);
  }

  /** A file operation failed: {@code FaceForge: cannot <action> <path> (<reason>)}. */
  public static ConfigException io(String action, Path path, IOException e) {
    return new ConfigException("FaceForge: cannot " + action + " " + path.toAbsolutePath() + " (" + reason(e) + ")");
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
