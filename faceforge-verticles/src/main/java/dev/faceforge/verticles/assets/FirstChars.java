package dev.faceforge.verticles.assets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chars a regex match can start with, when that is plain from the pattern: no alternation at the
 * top level, and a first element that is a literal char or a simple [class] not made optional by
 * {@code ?}, {@code *} or {@code {}}, after at most {@code (?s)} and {@code ^} (a region start
 * satisfies {@code ^}). A char is excluded only if that reading excludes it and the regex engine
 * itself, given that char alone, fails without asking for more input. Anything else: null.
 */
final class FirstChars {
  private FirstChars() {
  }

  static boolean[] of(Pattern pattern) {
    if ((pattern.flags() & ~Pattern.DOTALL) != 0) {
      return null; // DOTALL only changes '.', which parse() never accepts as a first element
    }
    String re = pattern.pattern();
    boolean[] set = parse(re);
    if (set == null) {
      return null;
    }
    for (int c = 0; c < 256; c++) {
      if (!set[c]) {
        Matcher m = pattern.matcher(String.valueOf((char) c));
        if (m.lookingAt() || m.hitEnd()) {
          set[c] = true;
        }
      }
    }
    return set;
  }

  static boolean[] parse(String re) {
    if (re.contains("\\Q") || hasTopLevelBar(re)) {
      return null;
    }
    int i = 0;
    if (re.startsWith("(?s)")) {
      i = 4;
    }
    if (i < re.length() && re.charAt(i) == '^') {
      i++;
    }
    if (i >= re.length()) {
      return null;
    }
    boolean[] set = new boolean[256];
    int next;
    char c = re.charAt(i);
    if (c == '[') {
      next = parseClass(re, i + 1, set);
    } else if (c == '\\') {
      int[] lit = escape(re, i + 1);
      if (lit == null) {
        return null;
      }
      set[lit[0]] = true;
      next = lit[1];
    } else if (".()|*+?{}$^]".indexOf(c) >= 0 || c > 0xFF) {
      return null;
    } else {
      set[c] = true;
      next = i + 1;
    }
    if (next < 0) {
      return null;
    }
    if (next < re.length() && "?*{".indexOf(re.charAt(next)) >= 0) {
      return null;
    }
    return set;
  }

  /** Members of a class opened just before {@code i} into {@code set}; the index after its ']', or -1. */
  private static int parseClass(String re, int i, boolean[] set) {
    if (i < re.length() && re.charAt(i) == '^') {
      return -1;
    }
    boolean any = false;
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == ']' && any) {
        return i + 1;
      }
      int[] from = classChar(re, i);
      if (from == null) {
        return -1;
      }
      int lo = from[0];
      i = from[1];
      int hi = lo;
      if (i + 1 < re.length() && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
        int[] to = classChar(re, i + 1);
        if (to == null) {
          return -1;
        }
        hi = to[0];
        i = to[1];
        if (hi < lo) {
          return -1;
        }
      }
      for (int v = lo; v <= hi; v++) {
        set[v] = true;
      }
      any = true;
    }
    return -1;
  }

  /** A char of a class (a plain one or an escape) at {@code i} and the index after it, or null if unsupported. */
  private static int[] classChar(String re, int i) {
    char c = re.charAt(i);
    if (c == '\\') {
      return escape(re, i + 1);
    }
    if (c == '[' || c == '&' || c == ']' || c > 0xFF) {
      return null;
    }
    return new int[] {c, i + 1};
  }

  /** The char of the escape after a backslash at {@code i - 1} and the index after it, or null. */
  private static int[] escape(String re, int i) {
    if (i >= re.length()) {
      return null;
    }
    char c = re.charAt(i);
    switch (c) {
      case 'x' -> {
        if (i + 2 < re.length() && isHex(re.charAt(i + 1)) && isHex(re.charAt(i + 2))) {
          return new int[] {Integer.parseInt(re.substring(i + 1, i + 3), 16), i + 3};
        }
        return null;
      }
      case 'r' -> {
        return new int[] {'\r', i + 1};
      }
      case 'n' -> {
        return new int[] {'\n', i + 1};
      }
      case 't' -> {
        return new int[] {'\t', i + 1};
      }
      default -> {
        // An escaped punctuation char stands for itself; letters and digits are classes or references.
        if (c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ') {
          return new int[] {c, i + 1};
        }
        return null;
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Whether a '|' stands outside every group and class. */
  private static boolean hasTopLevelBar(String re) {
    int groups = 0;
    int classes = 0;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        classes++;
      } else if (c == ']' && classes > 0) {
        classes--;
      } else if (classes == 0 && c == '(') {
        groups++;
      } else if (classes == 0 && c == ')') {
        groups--;
      } else if (classes == 0 && groups == 0 && c == '|') {
        return true;
      }
    }
    return false;
  }
}
