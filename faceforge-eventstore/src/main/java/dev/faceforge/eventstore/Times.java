package dev.faceforge.eventstore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of the log and the API: RFC 3339, UTC, exactly three fraction digits
 * ({@code 2026-11-22T07:15:00.123Z}). Every event is parsed and formatted again by the projections, so
 * that exact shape has a direct path; anything else goes through {@code java.time}.
 */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final int LENGTH = 24;
  private static final long MIN_EPOCH_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long MAX_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

  private Times() {
  }

  public static String format(Instant t) {
    long seconds = t.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400);
    if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) {
      return FORMAT.format(t);
    }
    LocalDate date = LocalDate.ofEpochDay(day);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    char[] s = new char[LENGTH];
    digits(s, 0, date.getYear(), 4);
    s[4] = '-';
    digits(s, 5, date.getMonthValue(), 2);
    s[7] = '-';
    digits(s, 8, date.getDayOfMonth(), 2);
    s[10] = 'T';
    digits(s, 11, secondOfDay / 3600, 2);
    s[13] = ':';
    digits(s, 14, secondOfDay / 60 % 60, 2);
    s[16] = ':';
    digits(s, 17, secondOfDay % 60, 2);
    s[19] = '.';
    digits(s, 20, t.getNano() / 1_000_000, 3);
    s[23] = 'Z';
    return new String(s);
  }

  public static Instant parse(String s) {
    if (s.length() != LENGTH || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
      return Instant.parse(s);
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    int millis = number(s, 20, 3);
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
      return Instant.parse(s); // which refuses it with the usual exception
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, millis * 1_000_000L);
  }

  /** Truncates to what the log can represent, so a round trip through the log is exact. */
  public static Instant truncate(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  private static void digits(char[] s, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      s[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number in {@code s[at, at + width)}, or -1 if one of those is not a digit. */
  private static int number(String s, int at, int width) {
    int n = 0;
    for (int i = at; i < at + width; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      n = n * 10 + ch - '0';
    }
    return n;
  }
}
