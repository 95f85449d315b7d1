package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.commands.JobInputs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job types plugins declare: {@code job_types} of every {@code <plugins_dir>/*}{@code /plugin.json}
 * (spec 8.2), each namespaced by the plugin's {@code id} ({@code <id>.<name>}). Blocking file IO: call
 * it on a worker. A malformed manifest, or a type outside its plugin's namespace, is skipped with a log
 * line; it never stops Core.
 */
public final class PluginManifests {
  private static final Logger LOG = LoggerFactory.getLogger(PluginManifests.class);
  private static final Pattern PLUGIN_ID = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,63}$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private PluginManifests() {
  }

  /** Job type -> plugin id, over every readable manifest in {@code pluginsDir}. */
  public static Map<String, String> jobTypes(Path pluginsDir) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(pluginsDir)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(pluginsDir, Files::isDirectory)) {
      for (Path dir : dirs) {
        Path manifest = dir.resolve("plugin.json");
        if (Files.isRegularFile(manifest)) {
          read(manifest, out);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list plugins in {}: {}", pluginsDir, e.toString());
    }
    return out;
  }

  private static void read(Path manifest, Map<String, String> out) {
    JsonNode root;
    try {
      root = JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      LOG.warn("ignoring plugin manifest {}: not readable JSON ({})", manifest, e.getMessage());
      return;
    }
    String id = root != null && root.path("id").isTextual() ? root.get("id").asText() : null;
    if (id == null || !PLUGIN_ID.matcher(id).matches() || id.equals(JobCommand.CORE)) {
      LOG.warn("ignoring plugin manifest {}: id must be a lowercase plugin id other than 'core'", manifest);
      return;
    }
    JsonNode types = root.path("job_types");
    if (!types.isMissingNode() && !types.isArray()) {
      LOG.warn("ignoring plugin manifest {}: job_types must be a list", manifest);
      return;
    }
    for (JsonNode t : types) {
      String type = t.isTextual() ? t.asText() : t.path("type").asText(null);
      if (JobInputs.typeProblem(type) != null || !type.startsWith(id + ".")) {
        LOG.warn("plugin {} ({}): ignoring job type {}: must be named {}.<name>", id, manifest, t, id);
      } else if (out.putIfAbsent(type, id) != null && !out.get(type).equals(id)) {
        LOG.warn("plugin {} ({}): job type {} is already declared by plugin {}", id, manifest, type, out.get(type));
      }
    }
  }
}
