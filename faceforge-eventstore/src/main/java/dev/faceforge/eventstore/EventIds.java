package dev.faceforge.eventstore;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Event ids as UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. They stay as
 * unique as random UUIDs, but ids made in the same millisecond are neighbours, so the log's unique index on
 * {@code event_id} grows at its end instead of taking a random page per append (one page written per event
 * fewer, measured on entity creates).
 */
final class EventIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private EventIds() {
  }

  static String next() {
    return next(System.currentTimeMillis(), RANDOM);
  }

  static String next(long millis, SecureRandom random) {
    byte[] r = new byte[10];
    random.nextBytes(r);
    long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (r[0] & 0x0FL) << 8 | (r[1] & 0xFFL);
    long low = 0x8000_0000_0000_0000L | (r[2] & 0x3FL) << 56;
    for (int i = 3; i < 10; i++) {
      low |= (r[i] & 0xFFL) << (8 * (9 - i));
    }
    return new UUID(high, low).toString();
  }
}
