package dev.faceforge.verticles.backup;

import java.util.Locale;

/** Byte counts as people read them in summaries. */
final class Sizes {
  private Sizes() {
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
