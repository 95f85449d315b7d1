package dev.faceforge.launcher.bench;

import io.vertx.core.buffer.Buffer;

/**
 * Splits a Server-Sent Events byte stream into frames (the text between blank lines) without decoding it,
 * plus the few byte-level helpers a frame's fields need. The server ends lines with {@code \n} only.
 */
final class SseFrames {
  /** Receives one frame: {@code buf[from, to)}, without its terminating blank line. */
  interface Handler {
    void frame(byte[] buf, int from, int to);
  }

  private byte[] buf = new byte[64 * 1024];
  private int len;

  /** Appends {@code b} and hands every frame it completes to {@code handler}, in order. */
  void append(Buffer b, Handler handler) {
    int n = b.length();
    if (len + n > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
    b.getBytes(0, n, buf, len);
    int from = 0;
    int scan = Math.max(0, len - 1);
    len += n;
    for (int i = scan; i + 1 < len; i++) {
      if (buf[i] == '\n' && buf[i + 1] == '\n') {
        handler.frame(buf, from, i);
        from = i + 2;
        i++;
      }
    }
    if (from > 0) {
      System.arraycopy(buf, from, buf, 0, len - from);
      len -= from;
    }
  }

  static boolean startsWith(byte[] buf, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int j = 0; j < prefix.length; j++) {
      if (buf[from + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }

  /** The first index of {@code needle} in {@code buf[from, to)}, or -1. */
  static int indexOf(byte[] buf, int from, int to, byte[] needle) {
    byte first = needle[0];
    for (int i = from; i + needle.length <= to; i++) {
      if (buf[i] == first && startsWith(buf, i, to, needle)) {
        return i;
      }
    }
    return -1;
  }

  /** The last index of {@code needle} in {@code buf[from, to)}, or -1. */
  static int lastIndexOf(byte[] buf, int from, int to, byte[] needle) {
    byte first = needle[0];
    for (int i = to - needle.length; i >= from; i--) {
      if (buf[i] == first && startsWith(buf, i, to, needle)) {
        return i;
      }
    }
    return -1;
  }

  /** The non-negative decimal integer at {@code at} (-1 when there is no digit there). */
  static long number(byte[] buf, int at, int to) {
    long n = 0;
    int i = at;
    for (; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
      n = n * 10 + (buf[i] - '0');
    }
    return i == at ? -1 : n;
  }
}
