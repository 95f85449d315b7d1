package dev.faceforge.verticles.assets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 9110 byte ranges: parses a {@code Range} header against a representation of {@code size} bytes.
 * A syntactically invalid header is ignored (the whole body is sent); a valid one with no satisfiable
 * range is a 416. Overlapping or adjacent ranges are coalesced, and more than {@link #MAX_RANGES}
 * ranges are refused as unsatisfiable (a cheap defence against range amplification).
 */
public final class ByteRanges {
  public static final int MAX_RANGES = 32;

  /** One inclusive range {@code [first, last]}. */
  public record Range(long first, long last) {
    public long length() {
      return last - first + 1;
    }

    /** The {@code Content-Range} value for a body of {@code size} bytes. */
    public String contentRange(long size) {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  /** The outcome: {@code null} ranges = send everything; empty = unsatisfiable (416). */
  public record Result(List<Range> ranges) {
    public boolean whole() {
      return ranges == null;
    }

    public boolean unsatisfiable() {
      return ranges != null && ranges.isEmpty();
    }
  }

  private ByteRanges() {
  }

  public static Result parse(String header, long size) {
    if (header == null) {
      return new Result(null);
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new Result(null);
    }
    String[] specs = h.substring(6).split(",", -1);
    if (specs.length > MAX_RANGES) {
      return new Result(List.of());
    }
    List<Range> out = new ArrayList<>();
    for (String spec : specs) {
      String s = spec.trim();
      int dash = s.indexOf('-');
      if (dash < 0 || s.isEmpty()) {
        return new Result(null);
      }
      try {
        Range r = dash == 0 ? suffix(Long.parseLong(s.substring(1)), size) : span(s, dash, size);
        if (r != null) {
          out.add(r);
        }
      } catch (NumberFormatException e) {
        return new Result(null);
      } catch (IllegalArgumentException e) {
        return new Result(null);
      }
    }
    return new Result(coalesce(out));
  }

  private static Range suffix(long n, long size) {
    if (n < 0) {
      throw new IllegalArgumentException();
    }
    return n == 0 || size == 0 ? null : new Range(Math.max(0, size - n), size - 1);
  }

  private static Range span(String s, int dash, long size) {
    long first = Long.parseLong(s.substring(0, dash).trim());
    String lastText = s.substring(dash + 1).trim();
    Long last = lastText.isEmpty() ? null : Long.parseLong(lastText);
    if (first < 0 || (last != null && last < first)) {
      throw new IllegalArgumentException();
    }
    if (first >= size) {
      return null;
    }
    return new Range(first, last == null ? size - 1 : Math.min(last, size - 1));
  }

  private static List<Range> coalesce(List<Range> ranges) {
    if (ranges.size() < 2) {
      return ranges;
    }
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(Range::first));
    List<Range> out = new ArrayList<>();
    Range cur = sorted.get(0);
    for (Range r : sorted.subList(1, sorted.size())) {
      if (r.first() <= cur.last() + 1) {
        cur = new Range(cur.first(), Math.max(cur.last(), r.last()));
      } else {
        out.add(cur);
        cur = r;
      }
    }
    out.add(cur);
    return out;
  }
}
