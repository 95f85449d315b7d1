package dev.faceforge.verticles.assets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.MagicDetector;
import org.apache.tika.detect.TextDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypes;

/**
 * A faster route to exactly the answer of Tika's default detector ({@code new Tika().getDetector()}, a
 * {@link DefaultDetector} whose only child is the {@link MimeTypes} magic/glob database) for a byte array
 * and an optional file name.
 *
 * <p>Why: Tika's {@code MimeTypes} evaluates every one of its ~850 magic rules (~1,400 byte/regex matches)
 * through a fresh stream, a fresh buffer and, for regex rules, a freshly compiled {@link Pattern} and a
 * 16 KiB char decode per rule and call, and scans offset ranges of up to 8 KiB one position at a time;
 * that costs 200-350 µs per file. This class reads the very rule objects Tika loaded (by reflection on
 * tika-core's internals: {@code MimeTypes.magics}, the clause trees, each {@link MagicDetector}'s fields),
 * keeps them compiled, and evaluates them with the same arithmetic on the array directly, finding
 * candidate offsets of ranged rules through a byte-position index instead of a scan (for the few regex
 * rules over wide ranges: only the offsets whose first char can start a match, see {@link FirstChars}).
 *
 * <p>Why the answer is Tika's, not an approximation of it:
 * <ul>
 *   <li>the rule evaluation mirrors tika-core {@value #TIKA_VERSION}'s {@code MagicDetector.detect}
 *       (offset skip, zero-padded window, mask, lower-casing, regex region loop) and the
 *       {@code MimeTypes.getMimeType(byte[])} priority loop; every rule it finds matching is then
 *       confirmed by Tika's own {@code Magic.eval}, so Tika decides every positive;</li>
 *   <li>text/plain vs octet-stream comes from Tika's own {@link TextDetector}, the file-name hint from
 *       Tika's own {@code MimeTypes.detect(null, metadata)}, their combination mirrors
 *       {@code MimeTypes.applyHint} and {@code CompositeDetector.detect} using Tika's registry;</li>
 *   <li>inputs whose type Tika refines further (generic XML and HTML by their root element), empty
 *       input, and any case this class cannot settle return {@code null}: the caller runs Tika;</li>
 *   <li>it only switches on for exactly tika-core {@value #TIKA_VERSION} with a {@link DefaultDetector}
 *       holding nothing but {@link MimeTypes}, and when the internals it reads look as expected;
 *       otherwise {@link #of} answers {@code null} and everything goes through Tika. Upgrading Tika
 *       therefore turns it off (MimeSniffingTest fails to say so) until it is re-checked against the
 *       new tika-core and {@link #TIKA_VERSION} is bumped.</li>
 * </ul>
 * Thread-safe; holds no per-call state.
 */
final class MagicSniffer {
  /** The tika-core version whose detection code this class mirrors (and was verified against). */
  static final String TIKA_VERSION = "3.2.3";

  /** Ranged byte rules wider than this find candidate offsets through the index instead of a scan. */
  private static final int INDEX_MIN_RANGE = 16;

  private final DefaultDetector detector;
  private final MimeTypes mimeTypes;
  private final MediaTypeRegistry registry;
  private final List<?> tikaMagics;
  private final Rule[] rules;
  private final Method tikaMagicEval;
  /** Bytes of the head the byte-position index must cover: the end of the widest ranged byte rule. */
  private final int indexLength;

  private MagicSniffer(DefaultDetector detector, MimeTypes mimeTypes, List<?> tikaMagics, Rule[] rules,
      Method tikaMagicEval, int indexLength) {
    this.detector = detector;
    this.mimeTypes = mimeTypes;
    this.registry = mimeTypes.getMediaTypeRegistry();
    this.tikaMagics = tikaMagics;
    this.rules = rules;
    this.tikaMagicEval = tikaMagicEval;
    this.indexLength = indexLength;
  }

  /** A sniffer answering for {@code tikaDetector}, or {@code null} when it cannot be proven to agree. */
  static MagicSniffer of(Detector tikaDetector) {
    try {
      if (!TIKA_VERSION.equals(tikaCoreVersion()) || tikaDetector == null
          || tikaDetector.getClass() != DefaultDetector.class) {
        return null;
      }
      DefaultDetector detector = (DefaultDetector) tikaDetector;
      List<Detector> children = detector.getDetectors();
      if (children.size() != 1 || children.get(0).getClass() != MimeTypes.class) {
        return null;
      }
      MimeTypes mimeTypes = (MimeTypes) children.get(0);
      List<?> magics = (List<?>) field(MimeTypes.class, "magics").get(mimeTypes);
      Class<?> magicClass = Class.forName("org.apache.tika.mime.Magic");
      Field clauseField = field(magicClass, "clause");
      Field priorityField = field(magicClass, "priority");
      Field typeField = field(magicClass, "type");
      Method eval = magicClass.getDeclaredMethod("eval", byte[].class);
      eval.setAccessible(true);
      Compiler compiler = new Compiler();
      Rule[] rules = new Rule[magics.size()];
      for (int i = 0; i < rules.length; i++) {
        Object magic = magics.get(i);
        if (magic.getClass() != magicClass) {
          return null;
        }
        MimeType type = (MimeType) typeField.get(magic);
        if (type == null) {
          return null;
        }
        rules[i] = new Rule(magic, priorityField.getInt(magic), type, compiler.compile(clauseField.get(magic)));
      }
      return new MagicSniffer(detector, mimeTypes, magics, rules, eval, compiler.indexLength);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static String tikaCoreVersion() {
    try (InputStream in = MimeTypes.class.getResourceAsStream(
        "/META-INF/maven/org.apache.tika/tika-core/pom.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      return null;
    }
  }

  private static Field field(Class<?> c, String name) throws NoSuchFieldException {
    Field f = c.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  /**
   * What {@code tikaDetector.detect(new ByteArrayInputStream(head), metadata)} returns, where
   * {@code metadata} holds nothing but the resource name {@code filename} (when not null); or
   * {@code null} when this class leaves the answer to Tika.
   */
  MediaType detect(byte[] head, String filename) {
    if (head == null || head.length == 0) {
      return null;
    }
    // The detector's children are re-read per call by Tika too (a dynamic service loader may add some).
    List<Detector> children = detector.getDetectors();
    if (children.size() != 1 || children.get(0) != mimeTypes || tikaMagics.size() != rules.length) {
      return null;
    }
    // MimeTypes.readMagicHeader: the first getMinLength() bytes.
    int minLength = mimeTypes.getMinLength();
    byte[] data = head.length > minLength ? Arrays.copyOf(head, minLength) : head;
    Head h = new Head(data, indexLength);

    // MimeTypes.getMimeType(byte[]): matching magics in Tika's order, stopping below the first match's priority.
    List<MediaType> types = new ArrayList<>(2);
    int priority = -1;
    for (Rule rule : rules) {
      if (priority > 0 && priority > rule.priority) {
        break;
      }
      if (rule.clause.matches(h)) {
        if (!tikaEval(rule.tikaMagic, data)) {
          return null; // cannot happen unless the mirror is wrong; Tika decides
        }
        String name = rule.type.getName();
        if (MimeTypes.XML.equals(name) || "text/html".equals(name)) {
          return null; // Tika refines these by the XML root element
        }
        types.add(rule.type.getType());
        priority = rule.priority;
      }
    }
    if (types.isEmpty()) {
      // Tika's fallback: plain text unless control bytes say otherwise.
      try {
        MediaType text = new TextDetector(mimeTypes.getMinLength()).detect(new ByteArrayInputStream(data),
            new Metadata());
        types.add(mimeTypes.forName(text.toString()).getType());
      } catch (Exception e) {
        types.add(MediaType.OCTET_STREAM);
      }
    }

    // MimeTypes.detect: the file-name hint, exactly as Tika derives it (URI handling included).
    MediaType chosen = types.get(0);
    if (filename != null) {
      Metadata md = new Metadata();
      md.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
      MediaType hint;
      try {
        hint = mimeTypes.detect(null, md);
      } catch (IOException e) {
        return null;
      }
      if (MediaType.OCTET_STREAM.equals(hint)) {
        // Either no hint was applied or the hint is the root type; settle only if both agree.
        if (!chosen.equals(applyHint(types, hint))) {
          return null;
        }
      } else {
        chosen = applyHint(types, hint);
      }
    }
    // CompositeDetector.detect (no override keys in the metadata).
    return registry.isSpecializationOf(chosen, MediaType.OCTET_STREAM) ? chosen : MediaType.OCTET_STREAM;
  }

  /** MimeTypes.applyHint followed by taking the first type. */
  private MediaType applyHint(List<MediaType> types, MediaType hint) {
    for (MediaType type : types) {
      if (hint.equals(type) || registry.isSpecializationOf(hint, type)) {
        return hint;
      }
    }
    return types.get(0);
  }

  private boolean tikaEval(Object magic, byte[] data) {
    try {
      return (Boolean) tikaMagicEval.invoke(magic, (Object) data);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private record Rule(Object tikaMagic, int priority, MimeType type, Clause clause) {
  }

  /** The first bytes of the file, zero beyond their end, with a lazily built byte-position index. */
  private static final class Head {
    final byte[] data;
    final int n;
    private final int indexLength;
    /** Positions of each byte value, ascending: value v's are at {@code positions[start[v] .. start[v+1])}. */
    private int[] start;
    private int[] positions;

    Head(byte[] data, int indexLength) {
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

    /** Index into {@link #positions} of the first position of byte value {@code v} that is {@code >= from}. */
    int firstAtOrAfter(int v, int from) {
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

  private interface Clause {
    boolean matches(Head h);
  }

  /** Turns Tika's clause objects into {@link Clause}s; fails on anything it does not know exactly. */
  private static final class Compiler {
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

    private boolean matchesAt(Head h, int i) {
      int p = begin + i;
      for (int j = 0; j < length; j++) {
        if (!accepts(j, h.at(p + j))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean matches(Head h) {
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
    private boolean indexedMatches(Head h) {
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
      int hi = begin + anchor + range;
      for (byte v : accepted[anchor]) {
        int value = v & 0xFF;
        int endIdx = h.start[value + 1];
        for (int k = h.firstAtOrAfter(value, lo); k < endIdx; k++) {
          int p = h.positions[k];
          if (p > hi) {
            break;
          }
          if (matchesAt(h, p - lo)) {
            return true;
          }
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
    public boolean matches(Head h) {
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
      int hi = begin + range;
      for (int v = 0; v < 256; v++) {
        if (!first[v]) {
          continue;
        }
        int endIdx = h.start[v + 1];
        for (int k = h.firstAtOrAfter(v, begin); k < endIdx; k++) {
          int p = h.positions[k];
          if (p > hi) {
            break;
          }
          if (lookingAt(m, p - begin)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean lookingAt(Matcher m, int i) {
      m.region(i, length + i);
      return m.lookingAt();
    }
  }

  /**
   * The chars a regex match can start with, when that is plain from the pattern: no alternation at the
   * top level, and a first element that is a literal char or a simple [class] not made optional by
   * {@code ?}, {@code *} or {@code {}}, after at most {@code (?s)} and {@code ^} (a region start
   * satisfies {@code ^}). A char is excluded only if that reading excludes it and the regex engine
   * itself, given that char alone, fails without asking for more input. Anything else: null.
   */
  static final class FirstChars {
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
        int lo;
        if (c == '\\') {
          int[] lit = escape(re, i + 1);
          if (lit == null) {
            return -1;
          }
          lo = lit[0];
          i = lit[1];
        } else if (c == '[' || c == '&' || c == ']' || c > 0xFF) {
          return -1;
        } else {
          lo = c;
          i++;
        }
        int hi = lo;
        if (i + 1 < re.length() && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
          char d = re.charAt(i + 1);
          if (d == '\\') {
            int[] lit = escape(re, i + 2);
            if (lit == null) {
              return -1;
            }
            hi = lit[0];
            i = lit[1];
          } else if (d == '[' || d == '&' || d > 0xFF) {
            return -1;
          } else {
            hi = d;
            i += 2;
          }
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

  /** {@code size} chars from {@code from} on: the head's bytes as ISO-8859-1, zero past its end. */
  private static final class Window implements CharSequence {
    private final Head h;
    private final int from;
    private final int size;

    Window(Head h, int from, int size) {
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
