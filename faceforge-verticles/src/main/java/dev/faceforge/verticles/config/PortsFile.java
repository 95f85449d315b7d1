package dev.faceforge.verticles.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Reads the {@code core} port from a {@code ports.json} written by a launcher (spec section 12.1),
 * e.g. {@code {"core": 43210, "seaweed_s3": 43211}}. A missing file or key means "no opinion";
 * a broken file is an error, because silently ignoring it would start Core on a port the desktop
 * shell is not looking at.
 */
public final class PortsFile {
  private PortsFile() {
  }

  public static OptionalInt readCore(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (IOException e) {
      throw ConfigException.io("read", file, e);
    }
    return new ConfigFields(file, StrictJson.readObject(file, bytes)).optionalInteger("core", 1, 65535);
  }
}
