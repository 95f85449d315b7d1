package dev.faceforge.projections;

/**
 * Sort keys for descriptor validity bounds: a date ({@code 2020-05-01}) starts at the beginning of
 * that day when it is a lower bound and ends at its last millisecond when it is an upper bound, so
 * dates and date-times compare correctly as plain strings in SQL.
 */
public final class ValidTime {
  private ValidTime() {
  }

  /** The inclusive lower-bound key of {@code value} (a date or an RFC 3339 date-time), or null. */
  public static String fromKey(String value) {
    if (value == null) {
      return null;
    }
    return value.length() == 10 ? value + "T00:00:00.000Z" : normalize(value);
  }

  /** The inclusive upper-bound key of {@code value}, or null. */
  public static String toKey(String value) {
    if (value == null) {
      return null;
    }
    return value.length() == 10 ? value + "T23:59:59.999Z" : normalize(value);
  }

  private static String normalize(String dateTime) {
    return dev.faceforge.eventstore.Times.format(java.time.OffsetDateTime.parse(dateTime).toInstant());
  }
}
