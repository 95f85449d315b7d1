package dev.faceforge.verticles.http;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A quick yes for the value of a string parameter whose schema says no more than {@code type: string},
 * {@code minLength}, {@code maxLength} and {@code pattern} (annotations aside), so that valid requests skip the
 * schema validator, its JSON round trip of the value and its regex compiled anew every time. It never says yes
 * to a value the schema validator would refuse: the pattern is the same {@link Pattern} with {@code find()} (what
 * vertx-json-schema does), and lengths are bounded both in UTF-16 units and in code points, whichever the
 * validator counts. A value it does not accept goes to the schema validator, which decides and words the 400.
 */
final class StringCheck {
  /** Keywords that do not constrain a value. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples",
      "deprecated", "$comment", "readOnly", "writeOnly");

  private final int minLength;
  private final int maxLength;
  private final Pattern pattern;

  private StringCheck(int minLength, int maxLength, Pattern pattern) {
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.pattern = pattern;
  }

  /**
   * The check of {@code p}, or null when its value is not taken literally (label and matrix styles, arrays,
   * objects, numbers) or its schema says anything this class does not know.
   */
  static StringCheck of(Parameter p) {
    boolean literal = p.getStyle() == Style.SIMPLE || p.getStyle() == Style.FORM;
    JsonSchema schema = p.getSchema();
    if (!literal || p.getSchemaType() != SchemaType.STRING || schema == null || !"string".equals(schema.get("type"))) {
      return null;
    }
    for (String keyword : schema.fieldNames()) {
      boolean known = Set.of("type", "minLength", "maxLength", "pattern").contains(keyword)
          || ANNOTATIONS.contains(keyword) || keyword.startsWith("__"); // the library's own bookkeeping
      if (!known) {
        return null;
      }
    }
    Integer min = bound(schema.get("minLength"), 0);
    Integer max = bound(schema.get("maxLength"), Integer.MAX_VALUE);
    Object pattern = schema.get("pattern");
    if (min == null || max == null || (pattern != null && !(pattern instanceof String))) {
      return null;
    }
    try {
      return new StringCheck(min, max, pattern == null ? null : Pattern.compile((String) pattern));
    } catch (PatternSyntaxException e) {
      return null; // the validator reports it
    }
  }

  /** True when {@code value} is certainly valid; false means "ask the schema validator". */
  boolean accepts(String value) {
    if (value.length() > maxLength || value.length() < minLength) {
      return false;
    }
    int codePoints = value.codePointCount(0, value.length());
    return codePoints >= minLength && codePoints <= maxLength && (pattern == null || pattern.matcher(value).find());
  }

  /** A non-negative integer bound, {@code absent} when missing, null when it is anything else. */
  private static Integer bound(Object value, int absent) {
    if (value == null) {
      return absent;
    }
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return (int) Math.min(((Number) value).longValue(), Integer.MAX_VALUE);
    }
    return null;
  }
}
