package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.assets.MagicSniffer.field;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.detect.MagicDetector;

/**
 * Tika's magic rules compiled for {@link MagicSniffer}: each clause tree Tika loaded becomes a {@link Clause}
 * evaluated on the file's first bytes ({@link MagicHead}) with the arithmetic of tika-core's
 * {@code MagicDetector.detect}, ranged rules finding their candidate offsets through a byte-position index.
 */
final class MagicClauses {
  private MagicClauses() {
  }

  /** Ranged byte rules wider than this find candidate offsets through the index instead of a scan. */
  static final int INDEX_MIN_RANGE = 16;

  interface Clause {
    boolean matches(MagicHead h);
  }

  /** Turns Tika's clause objects into {@link Clause}s; fails on anything it does not know exactly. */
  static final class Compiler {
    int indexLength;

    Clause compile(Object c) throws ReflectiveOperationException {
      String cls = c.getClass().getName();
      switch (cls) {
        case "org.apache.tika.mime.AndClause" -> {
          Object[] kids = (Object[]) field(c.getClass(), "clauses").get(c);
          Clause[] all = compileAll(Arrays.asList(kids));
          return h -> {
            for (Clause k : all) {
              if (!k.matches(h)) {
                return false;
              }
            }
            return true;
          };
        }
        case "org.apache.tika.mime.OrClause" -> {
          Clause[] any = compileAll((List<?>) field(c.getClass(), "clauses").get(c));
          return h -> {
            for (Clause k : any) {
              if (k.matches(h)) {
                return true;
              }
            }
            return false;
          };
        }
        case "org.apache.tika.mime.MinShouldMatchClause" -> {
          int min = field(c.getClass(), "min").getInt(c);
          Clause[] kids = compileAll((List<?>) field(c.getClass(), "clauses").get(c));
          return h -> {
            int matched = 0;
            for (Clause k : kids) {
              if (k.matches(h) && ++matched >= min) {
                return true;
              }
            }
            return false;
          };
        }
        case "org.apache.tika.mime.MagicMatch" -> {
          Method getDetector = c.getClass().getDeclaredMethod("getDetector");
          getDetector.setAccessible(true);
          MagicDetector d = (MagicDetector) getDetector.invoke(c);
          if (d.getClass() != MagicDetector.class) {
            throw new IllegalStateException("unexpected detector " + d.getClass());
          }
          return compileMatch(d);
        }
        default -> throw new IllegalStateException("unexpected clause " + cls);
      }
    }

    private Clause[] compileAll(List<?> kids) throws ReflectiveOperationException {
      Clause[] out = new Clause[kids.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = compile(kids.get(i));
      }
      return out;
    }

    private Clause compileMatch(MagicDetector d) throws ReflectiveOperationException {
      Class<?> c = MagicDetector.class;
      int length = field(c, "length").getInt(d);
      byte[] pattern = (byte[]) field(c, "pattern").get(d);
      byte[] mask = (byte[]) field(c, "mask").get(d);
      boolean regex = field(c, "isRegex").getBoolean(d);
      boolean ignoreCase = field(c, "isStringIgnoreCase").getBoolean(d);
      int begin = field(c, "offsetRangeBegin").getInt(d);
      int end = field(c, "offsetRangeEnd").getInt(d);
      if (begin < 0 || end < begin || length < 0) {
        throw new IllegalStateException("unexpected offsets");
      }
      if (regex) {
        RegexMatch m = new RegexMatch(begin, end, length,
            Pattern.compile(new String(pattern, StandardCharsets.UTF_8), ignoreCase ? Pattern.CASE_INSENSITIVE : 0),
            ignoreCase);
        if (m.indexed()) {
          indexLength = Math.max(indexLength, end + 1);
        }
        return m;
      }
      if (pattern.length != length || mask.length != length) {
        throw new IllegalStateException("unexpected pattern length");
      }
      ByteMatch m = new ByteMatch(begin, end, length, pattern, mask, ignoreCase);
      if (m.indexed()) {
        indexLength = Math.max(indexLength, end + length);
      }
      return m;
    }
  }

  /**
   * A non-regex {@link MagicDetector}: at some offset {@code i} in {@code [begin, end]}, for every
   * {@code j < length}, {@code (head[i+j] & mask[j])} (lower-cased when ignoring case) equals
   * {@code pattern[j]}, where bytes past the head are zero, provided the head has at least
   * {@code begin + length} bytes.
   */
  private static final class ByteMatch implements Clause {
    private final int begin;
    private final int range;
    private final int length;
    private final byte[] pattern;
    private final byte[] mask;
    private final boolean ignoreCase;
    /**
     * For each pattern position, the byte values that satisfy it there (found by trying all 256 with the
     * comparison itself), or null where zero does: such positions are never anchors, since zero also
     * stands past the end of the head. Null altogether when every offset is scanned instead.
     */
    private final byte[][] accepted;

    ByteMatch(int begin, int end, int length, byte[] pattern, byte[] mask, boolean ignoreCase) {
      this.begin = begin;
      this.range = end - begin;
      this.length = length;
      this.pattern = pattern;
      this.mask = mask;
      this.ignoreCase = ignoreCase;
      byte[][] ok = new byte[length][];
      boolean anyAnchor = false;
      for (int j = 0; j < length; j++) {
        if (accepts(j, 0)) {
          continue;
        }
        byte[] values = new byte[256];
        int k = 0;
        for (int v = 0; v < 256; v++) {
          if (accepts(j, (byte) v)) {
            values[k++] = (byte) v;
          }
        }
        ok[j] = Arrays.copyOf(values, k);
        anyAnchor = true;
      }
      this.accepted = range >= INDEX_MIN_RANGE && anyAnchor ? ok : null;
    }

    boolean indexed() {
      return accepted != null;
    }

    /** MagicDetector's comparison of one byte (sign-extended, as there). */
    private boolean accepts(int j, int b) {
      int v = b & mask[j];
      if (ignoreCase) {
        v = Character.toLowerCase(v);
      }
      return v == pattern[j];
    }

    private boolean matchesAt(MagicHead h, int i) {
      int p = begin + i;
      for (int j = 0; j < length; j++) {
        if (!accepts(j, h.at(p + j))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean matches(MagicHead h) {
      if (h.n < begin + length) {
        return false;
      }
      if (accepted != null) {
        return indexedMatches(h);
      }
      for (int i = 0; i <= range; i++) {
        if (matchesAt(h, i)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The same answer as the scan over all offsets: a match at offset {@code i} puts a byte of
     * {@code accepted[a]} at {@code begin + i + a}, which, not being zero, is a byte of the head; so it is
     * enough to try the offsets where the head has one (from the index). The anchor {@code a} is the
     * position whose accepted bytes are rarest in this head.
     */
    private boolean indexedMatches(MagicHead h) {
      h.index();
      int anchor = -1;
      long best = Long.MAX_VALUE;
      for (int j = 0; j < length; j++) {
        if (accepted[j] == null) {
          continue;
        }
        long cost = 0;
        for (byte v : accepted[j]) {
          cost += h.count(v & 0xFF);
        }
        if (cost < best) {
          best = cost;
          anchor = j;
        }
      }
      int lo = begin + anchor;
      for (byte v : accepted[anchor]) {
        if (h.anyAt(v & 0xFF, lo, lo + range, p -> matchesAt(h, p - lo))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A regex {@link MagicDetector}: the head from {@code begin} (it must reach it), zero-padded to
   * {@code length + range} bytes, read as ISO-8859-1; the pattern must match at the start of one of the
   * regions {@code [i, i + length)}, {@code i} in {@code [0, range]}. Wide ranges only try the offsets
   * whose first char can start a match at all ({@link FirstChars}), found through the index.
   */
  private static final class RegexMatch implements Clause {
    private final int begin;
    private final int range;
    private final int length;
    private final Pattern pattern;
    /** Chars (0-255) that can start a match, or null when every offset has to be tried. */
    private final boolean[] first;

    RegexMatch(int begin, int end, int length, Pattern pattern, boolean ignoreCase) {
      this.begin = begin;
      this.range = end - begin;
      this.length = length;
      this.pattern = pattern;
      boolean[] chars = range >= INDEX_MIN_RANGE && !ignoreCase && length > 0 ? FirstChars.of(pattern) : null;
      this.first = chars != null && !chars[0] ? chars : null;
    }

    boolean indexed() {
      return first != null;
    }

    @Override
    public boolean matches(MagicHead h) {
      if (h.n < begin) {
        return false;
      }
      Matcher m = pattern.matcher(new Window(h, begin, length + range));
      if (first == null) {
        for (int i = 0; i <= range; i++) {
          if (lookingAt(m, i)) {
            return true;
          }
        }
        return false;
      }
      // Only offsets whose first char can start a match; that char is not zero, so it is a byte of the head.
      h.index();
      for (int v = 0; v < 256; v++) {
        if (first[v] && h.anyAt(v, begin, begin + range, p -> lookingAt(m, p - begin))) {
          return true;
        }
      }
      return false;
    }

    private boolean lookingAt(Matcher m, int i) {
      m.region(i, length + i);
      return m.lookingAt();
    }
  }

  /** {@code size} chars from {@code from} on: the head's bytes as ISO-8859-1, zero past its end. */
  private static final class Window implements CharSequence {
    private final MagicHead h;
    private final int from;
    private final int size;

    Window(MagicHead h, int from, int size) {
      this.h = h;
      this.from = from;
      this.size = size;
    }

    @Override
    public int length() {
      return size;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(index);
      }
      return (char) (h.at(from + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int s, int e) {
      if (s < 0 || e > size || s > e) {
        throw new IndexOutOfBoundsException();
      }
      return new Window(h, from + s, e - s);
    }

    @Override
    public String toString() {
      char[] c = new char[size];
      for (int i = 0; i < size; i++) {
        c[i] = charAt(i);
      }
      return new String(c);
    }
  }
}
