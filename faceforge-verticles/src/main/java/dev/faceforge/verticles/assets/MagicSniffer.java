package dev.faceforge.verticles.assets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
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
 * keeps them compiled ({@link MagicClauses}), and evaluates them with the same arithmetic on the array directly, finding
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
      MagicClauses.Compiler compiler = new MagicClauses.Compiler();
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

  static Field field(Class<?> c, String name) throws NoSuchFieldException {
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
    MagicHead h = new MagicHead(data, indexLength);

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

  private record Rule(Object tikaMagic, int priority, MimeType type, MagicClauses.Clause clause) {
  }
}
