package dev.faceforge.verticles.assets;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The first bytes of a file for {@link MagicClauses}, zero beyond their end, with a byte-position index built
 * on first use: the positions of each byte value, so that a ranged rule tries only the offsets where a byte it
 * needs stands.
 */
final class MagicHead {
  final byte[] data;
  final int n;
  private final int indexLength;
  /** Positions of each byte value, ascending: value v's are at {@code positions[start[v] .. start[v+1])}. */
  private int[] start;
  private int[] positions;

  MagicHead(byte[] data, int indexLength) {
    this.data = data;
    this.n = data.length;
    this.indexLength = Math.min(data.length, indexLength);
  }

  int at(int p) {
    return p < n ? data[p] : 0;
  }

  void index() {
    if (start != null) {
      return;
    }
    int m = indexLength;
    int[] s = new int[257];
    for (int p = 0; p < m; p++) {
      s[(data[p] & 0xFF) + 1]++;
    }
    for (int v = 0; v < 256; v++) {
      s[v + 1] += s[v];
    }
    int[] fill = Arrays.copyOf(s, 256);
    int[] pos = new int[m];
    for (int p = 0; p < m; p++) {
      pos[fill[data[p] & 0xFF]++] = p;
    }
    start = s;
    positions = pos;
  }

  int count(int v) {
    return start[v + 1] - start[v];
  }

  /**
   * Whether {@code test} holds for some position in {@code [lo, hi]} holding byte value {@code v} (in ascending
   * order; call {@link #index()} first).
   */
  boolean anyAt(int v, int lo, int hi, IntPredicate test) {
    int end = start[v + 1];
    for (int k = firstAtOrAfter(v, lo); k < end && positions[k] <= hi; k++) {
      if (test.test(positions[k])) {
        return true;
      }
    }
    return false;
  }

  /** Index into {@link #positions} of the first position of byte value {@code v} that is {@code >= from}. */
  private int firstAtOrAfter(int v, int from) {
    int lo = start[v];
    int hi = start[v + 1];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (positions[mid] < from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
