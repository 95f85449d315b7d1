package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExifTool (spec §10.3), when {@code tools.exiftool_enabled} and a binary is found ({@code tools.exiftool_path},
 * else {@code tools/exiftool[.exe]}): its JSON for a file ({@code exiftool -json -G -n}) is added to
 * {@code extracted_metadata.exiftool}. Blocking (a child process, 30 s at most): call on a worker thread.
 */
public final class ExifTool {
  private static final Logger LOG = LoggerFactory.getLogger(ExifTool.class);
  private static final long TIMEOUT_SECONDS = 30;
  private final Path binary;

  ExifTool(Path binary) {
    this.binary = binary;
  }

  /** The configured ExifTool, or empty (disabled, or no binary: one log line says which). */
  public static Optional<ExifTool> of(CoreConfig config, HomeLayout layout) {
    if (!config.tools().exiftoolEnabled()) {
      return Optional.empty();
    }
    List<Path> candidates = config.tools().exiftoolPath().map(p -> List.of(layout.home().resolve(p)))
        .orElse(List.of(layout.toolsDir().resolve("exiftool"), layout.toolsDir().resolve("exiftool.exe")));
    Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
    if (found.isEmpty()) {
      LOG.warn("tools.exiftool_enabled is set but no executable ExifTool was found (looked for {})", candidates);
    }
    return found.map(ExifTool::new);
  }

  /** ExifTool's tags for {@code file}, or an object with {@code error} when it failed. */
  ObjectNode read(Path file) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "-json", "-G", "-n", file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return error("exiftool timed out");
      }
      JsonNode json = DomainEvents.MAPPER.readTree(out);
      if (json != null && json.isArray() && json.size() == 1 && json.get(0).isObject()) {
        ObjectNode tags = (ObjectNode) json.get(0);
        tags.remove("SourceFile"); // our temp file's name, meaningless to anyone else
        return tags;
      }
      return error("exiftool answered something other than one JSON object (exit " + p.exitValue() + ")");
    } catch (IOException e) {
      return error("exiftool failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("interrupted");
    }
  }

  private static ObjectNode error(String message) {
    return DomainEvents.MAPPER.createObjectNode().put("error", message);
  }
}
