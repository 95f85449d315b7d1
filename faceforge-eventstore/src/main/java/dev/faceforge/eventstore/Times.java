package dev.faceforge.eventstore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one timestamp format of the log and the API: RFC 3339, UTC, exactly three fraction digits. */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {
  }

  public static String format(Instant t) {
    return FORMAT.format(t);
  }

  public static Instant parse(String s) {
    return Instant.parse(s);
  }

  /** Truncates to what the log can represent, so a round trip through the log is exact. */
  public static Instant truncate(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }
}
