package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faceforge.projections.events.FieldDefinition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks values against field definitions: type, enum options, regex, min/max (value range for
 * numbers, length for strings). Keys without a definition are free-form. Pure: no I/O.
 */
final class FieldValidator {
  static final java.util.Set<String> TYPES =
      java.util.Set.of("string", "integer", "number", "boolean", "enum", "date", "datetime", "json");
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private FieldValidator() {
  }

  /** Adds to {@code in} every problem of {@code value} for {@code def}, under {@code field}. */
  static void check(Inputs in, String field, FieldDefinition def, JsonNode value) {
    if (value == null || value.isNull()) {
      if (def.required()) {
        in.error(field, "is required");
      }
      return;
    }
    String problem = problem(def, value);
    if (problem != null) {
      in.error(field, problem);
    }
  }

  private static String problem(FieldDefinition def, JsonNode v) {
    return switch (def.type()) {
      case "string" -> !v.isTextual() ? "must be a string" : stringProblem(def, v.asText());
      case "integer" -> !isInteger(v) ? "must be an integer" : range(def, v.decimalValue());
      case "number" -> !v.isNumber() ? "must be a number" : range(def, v.decimalValue());
      case "boolean" -> v.isBoolean() ? null : "must be true or false";
      case "enum" -> v.isTextual() && def.options() != null && def.options().contains(v.asText()) ? null
          : "must be one of " + def.options();
      case "date" -> v.isTextual() && parses(v.asText(), true) ? null : "must be a date (YYYY-MM-DD)";
      case "datetime" -> v.isTextual() && parses(v.asText(), false) ? null
          : "must be an RFC 3339 date-time (2024-05-01T12:00:00Z)";
      default -> null;
    };
  }

  private static boolean isInteger(JsonNode v) {
    return v.isIntegralNumber() || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
  }

  private static String stringProblem(FieldDefinition def, String s) {
    int len = s.codePointCount(0, s.length());
    if (def.min() != null && len < def.min().intValue()) {
      return "must be at least " + def.min().intValue() + " characters";
    }
    if (def.max() != null && len > def.max().intValue()) {
      return "must be at most " + def.max().intValue() + " characters";
    }
    if (def.regex() != null) {
      try {
        if (!pattern(def.regex()).matcher(new Budgeted(s)).matches()) {
          return "must match " + def.regex();
        }
      } catch (Budgeted.Exhausted e) {
        return "could not be checked against " + def.regex() + " within " + Budgeted.STEPS
            + " steps (the expression backtracks too much for this value)";
      }
    }
    return null;
  }

  /**
   * The value as the regex engine reads it, one character at a time, counted: validation runs on the
   * single writer thread, and an expression that backtracks without bound ({@code ^(.*a){12}$}) on a crafted
   * value would otherwise stall every write. No sensible expression needs a million reads of a value that
   * fits in an API request.
   */
  private static final class Budgeted implements CharSequence {
    static final int STEPS = 1_000_000;

    private final String s;
    private final int[] left;

    Budgeted(String s) {
      this(s, new int[] {STEPS});
    }

    private Budgeted(String s, int[] left) {
      this.s = s;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new Exhausted();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(s.substring(start, end), left);
    }

    @Override
    public String toString() {
      return s;
    }

    static final class Exhausted extends RuntimeException {
      Exhausted() {
        super(null, null, false, false);
      }
    }
  }

  private static String range(FieldDefinition def, BigDecimal n) {
    if (def.min() != null && n.compareTo(def.min()) < 0) {
      return "must be >= " + def.min().toPlainString();
    }
    if (def.max() != null && n.compareTo(def.max()) > 0) {
      return "must be <= " + def.max().toPlainString();
    }
    return null;
  }

  static boolean parses(String s, boolean dateOnly) {
    try {
      if (dateOnly) {
        LocalDate.parse(s);
      } else {
        OffsetDateTime.parse(s);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** A compiled regex, or null when it does not compile. */
  static Pattern compile(String regex) {
    try {
      return pattern(regex);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static Pattern pattern(String regex) {
    return PATTERNS.computeIfAbsent(regex, Pattern::compile);
  }
}
