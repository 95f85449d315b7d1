package dev.faceforge.verticles.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads and writes the small JSON files under {@code config/}. Reading is strict (duplicate keys
 * and trailing garbage are errors: both usually mean a hand edit went wrong) and keeps numbers
 * exactly as written, so rewriting a user's file does not turn {@code 1.50} into {@code 1.5}.
 */
final class StrictJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private StrictJson() {
  }

  /** Parses {@code bytes} (read from {@code file}); an empty file is an empty object. */
  static ObjectNode readObject(Path file, byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw ConfigException.invalidFile(file, describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      return MAPPER.createObjectNode();
    }
    if (!root.isObject()) {
      throw ConfigException.invalidFile(file,
          "the top level must be a JSON object (got " + ConfigFields.describe(root, false) + ")");
    }
    return (ObjectNode) root;
  }

  static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /** Pretty-printed UTF-8 with {@code "key": value} spacing and a final newline, as a person would write it. */
  static byte[] write(ObjectNode root) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    try {
      return (MAPPER.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  private static String describe(JacksonException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "not valid JSON" + where + " (" + plain(e.getOriginalMessage()) + ")";
  }

  /**
   * Jackson's message cut to what helps a person editing the file: first line, no parser
   * internals, and no long quoted excerpt. Jackson quotes the offending token
   * ({@code Unrecognized token 'abc...'}); when the broken line holds the install token, that
   * excerpt would print the secret.
   */
  static String plain(String message) {
    String text = message == null ? "syntax error" : message.strip();
    int newline = text.indexOf('\n');
    text = newline < 0 ? text : text.substring(0, newline).strip();
    return text.replaceAll(" \\(start marker at \\[.*?\\]\\)", "")
        .replaceAll(" \\(bound as .*$", "")
        .replaceAll("'[^'\\s]{16,}'", "'...'");
  }
}
