package dev.faceforge.verticles.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Typed reads of dotted keys ({@code network.core_port}) from a parsed config file. A missing key,
 * a JSON {@code null} and a blank string all mean "not set" (a UI that clears a field writes one of
 * those); any other value of the wrong type is a {@link ConfigException} naming the file, the key,
 * what was expected and what was found.
 */
final class ConfigFields {
  private static final int MAX_SHOWN = 40;

  private final Path file;
  private final JsonNode root;

  ConfigFields(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /** The value at {@code key}, if set; every parent along the way must be an object. */
  Optional<JsonNode> value(String key) {
    return lookup(key).filter(node -> !(node.isTextual() && node.asText().isBlank()));
  }

  /**
   * A secret string of at least {@code minLength} visible ASCII characters (it travels in HTTP
   * headers and cookies). Blank is an error here, not "unset": a token is either absent or real.
   */
  Optional<String> secret(String key, int minLength) {
    return lookup(key).map(node -> {
      boolean visibleAscii = node.isTextual() && node.asText().chars().allMatch(c -> c > 0x20 && c < 0x7f);
      if (!visibleAscii || node.asText().length() < minLength) {
        throw invalid(key, "a string of at least " + minLength + " visible ASCII characters", node, true);
      }
      return node.asText();
    });
  }

  private Optional<JsonNode> lookup(String key) {
    JsonNode node = root;
    int start = 0;
    for (int dot = key.indexOf('.'); ; dot = key.indexOf('.', start)) {
      String name = dot < 0 ? key.substring(start) : key.substring(start, dot);
      node = node.get(name);
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (dot < 0) {
        return Optional.of(node);
      }
      if (!node.isObject()) {
        throw invalid(key.substring(0, dot), "an object", node, false);
      }
      start = dot + 1;
    }
  }

  String string(String key, String fallback) {
    return optionalString(key).orElse(fallback);
  }

  Optional<String> optionalString(String key) {
    return optionalString(key, false);
  }

  /** Like {@link #optionalString(String)}; a {@code secret} value is never echoed in the error. */
  Optional<String> optionalString(String key, boolean secret) {
    return value(key).map(node -> {
      if (!node.isTextual()) {
        throw invalid(key, "a string", node, secret);
      }
      return node.asText();
    });
  }

  /** A string that must also be a valid path on this OS (absolute, or relative to the home). */
  Optional<String> optionalPath(String key) {
    return value(key).map(node -> {
      if (!node.isTextual()) {
        throw invalid(key, "a path string", node, false);
      }
      try {
        Path.of(node.asText());
      } catch (InvalidPathException e) {
        throw invalid(key, "a valid path", node, false);
      }
      return node.asText();
    });
  }

  int integer(String key, int min, int max, int fallback) {
    return optionalInteger(key, min, max).orElse(fallback);
  }

  OptionalInt optionalInteger(String key, int min, int max) {
    return value(key).map(node -> {
      if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
        throw invalid(key, "an integer " + min + "-" + max, node, false);
      }
      return OptionalInt.of(node.asInt());
    }).orElse(OptionalInt.empty());
  }

  OptionalLong optionalNonNegativeLong(String key) {
    return value(key).map(node -> {
      if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
        throw invalid(key, "a non-negative integer", node, false);
      }
      return OptionalLong.of(node.asLong());
    }).orElse(OptionalLong.empty());
  }

  boolean bool(String key, boolean fallback) {
    return value(key).map(node -> {
      if (!node.isBoolean()) {
        throw invalid(key, "true or false", node, false);
      }
      return node.asBoolean();
    }).orElse(fallback);
  }

  /** An object whose values are all non-blank strings, e.g. {@code storage.routing.kinds}. */
  Map<String, String> stringMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    value(key).ifPresent(node -> {
      if (!node.isObject()) {
        throw invalid(key, "an object of strings", node, false);
      }
      node.fields().forEachRemaining(entry -> {
        if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
          throw invalid(key + "." + entry.getKey(), "a non-empty string", entry.getValue(), false);
        }
        result.put(entry.getKey(), entry.getValue().asText());
      });
    });
    return result;
  }

  /** Builds the one-line error; {@code secret} values are described by their type only, never shown. */
  ConfigException invalid(String key, String expected, JsonNode got, boolean secret) {
    return ConfigException.invalidFile(file, key + " must be " + expected + " (got " + describe(got, secret) + ")");
  }

  static String describe(JsonNode node, boolean secret) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (secret) {
      return node.isTextual() ? "a string of " + node.asText().length() + " characters"
          : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
    if (node.isTextual() && node.asText().length() > MAX_SHOWN) {
      return TextNode.valueOf(node.asText().substring(0, MAX_SHOWN) + "...").toString();
    }
    return node.toString();
  }
}
