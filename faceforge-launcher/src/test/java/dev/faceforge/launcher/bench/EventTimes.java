package dev.faceforge.launcher.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Parses CloudEvent {@code time} values ({@code uuuu-MM-ddTHH:mm:ss.SSSZ}, as the server writes them) to epoch
 * milliseconds without allocating for each: the date-and-seconds prefix is parsed once and reused while it
 * repeats, which it does for every event written in the same second.
 */
final class EventTimes {
  private static final int PREFIX = 19;
  private final byte[] cachedPrefix = new byte[PREFIX];
  private long cachedSecond = Long.MIN_VALUE;

  /** The time at {@code buf[at]} in epoch milliseconds. */
  long epochMillis(byte[] buf, int at) {
    boolean same = cachedSecond != Long.MIN_VALUE;
    for (int i = 0; same && i < PREFIX; i++) {
      same = buf[at + i] == cachedPrefix[i];
    }
    if (!same) {
      System.arraycopy(buf, at, cachedPrefix, 0, PREFIX);
      cachedSecond = Instant.parse(new String(cachedPrefix, StandardCharsets.US_ASCII) + "Z").getEpochSecond();
    }
    if (buf[at + PREFIX] != '.') {
      throw new BenchFailure("an event time without milliseconds: "
          + new String(buf, at, PREFIX + 5, StandardCharsets.US_ASCII));
    }
    int ms = (buf[at + 20] - '0') * 100 + (buf[at + 21] - '0') * 10 + (buf[at + 22] - '0');
    return cachedSecond * 1000 + ms;
  }
}
