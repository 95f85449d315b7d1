package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.tika.Tika;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.MagicDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypes;
import org.junit.jupiter.api.Test;

/**
 * {@link MediaInspector#mimeType} (through {@link MagicSniffer}) answers exactly what plain Tika answers, over
 * a broad corpus: real format headers (whole, padded, truncated), text, JSON, XML, HTML, tiny and empty
 * inputs, seeded random bytes of many sizes, and inputs built from every magic rule Tika loaded (alone, in
 * pairs, cut short, ending in the zero padding), each without a file name and with several.
 */
class MimeSniffingTest {
  /** Plain Tika, built independently of MediaInspector's: the reference. */
  private static final Detector TIKA = new Tika().getDetector();
  private static final MimeTypes MIME_TYPES =
      (MimeTypes) ((org.apache.tika.detect.CompositeDetector) TIKA).getDetectors().get(0);

  private static final String[] NAMES = {"a.png", "x.safetensors", "notes.txt", "a.bin", "photo.JPG", "song.mp3",
      "doc.pdf", "data.json", "page.html", "feed.xml", "archive.tar.gz", "README", "Makefile", "x.unknownext",
      "dir/", "%zz.txt", "http://example.com/a.php", "file:///tmp/a.gif", "a.docx", "a.wav", "clip.mp4", "a.zip",
      "a.js", "a.sh", "a.eml", "noextension", ".hidden", "a.txt.bin", "Zoë €.png", "a b/c?.gif"};

  /** An input, and a file name that goes with it (or null). */
  record Sample(String label, byte[] bytes, String name) {
    Sample(String label, byte[] bytes) {
      this(label, bytes, null);
    }
  }

  @Test
  void theSnifferIsOnForThisTika() {
    // If this fails after a Tika upgrade: re-check MagicSniffer against the new tika-core (MagicDetector,
    // MimeTypes, CompositeDetector) and bump MagicSniffer.TIKA_VERSION. Until then Tika answers alone.
    assertThat(MediaInspector.sniffing()).as("MagicSniffer active for tika-core " + MagicSniffer.TIKA_VERSION)
        .isTrue();
  }

  @Test
  void commonMediaAreAnsweredBySnifferAndAgreeWithTika() {
    MagicSniffer sniffer = MagicSniffer.of(TIKA);
    assertThat(sniffer).isNotNull();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("png", "image/png");
    expected.put("jpeg", "image/jpeg");
    expected.put("gif", "image/gif");
    expected.put("webp", "image/webp");
    expected.put("pdf", "application/pdf");
    expected.put("mp3-id3", "audio/mpeg");
    expected.put("wav", "audio/vnd.wave");
    expected.put("mp4", "video/mp4");
    expected.put("zip", "application/zip");
    expected.put("safetensors", "application/octet-stream");
    Map<String, byte[]> headers = headers();
    Random r = new Random(1);
    for (var e : expected.entrySet()) {
      byte[] file = padRandom(headers.get(e.getKey()), 4096, r);
      for (String name : new String[] {null, "file." + e.getKey()}) {
        MediaType fast = sniffer.detect(file, name);
        assertThat(fast).as(e.getKey()).isNotNull();
        assertThat(fast.getBaseType().toString()).as(e.getKey()).isEqualTo(tika(file, name));
      }
      // With its usual name (without one Tika calls an isom MP4 video/quicktime, for one).
      assertThat(sniffer.detect(file, "file." + e.getKey())).as(e.getKey()).hasToString(e.getValue());
    }
    byte[] text = Arrays.copyOf(lorem(), 4096);
    assertThat(sniffer.detect(text, "notes.txt")).hasToString("text/plain");
    assertThat(sniffer.detect(ascii("{\"a\": [1, 2]}"), "data.json")).hasToString("application/json");
    assertThat(sniffer.detect(random(new Random(2), 4096), "x.bin")).isEqualTo(MediaType.OCTET_STREAM);
  }

  @Test
  void agreesWithTikaOnEveryInputAndName() throws Exception {
    List<Sample> corpus = new ArrayList<>(handMade());
    for (long seed = 1; seed <= 2; seed++) {
      corpus.addAll(randomBytes(seed));
    }
    corpus.addAll(fromTikaMagicRules(7));
    corpus.addAll(combinedTikaMagicRules(7));

    List<String> extensions = new ArrayList<>();
    for (MediaType type : MIME_TYPES.getMediaTypeRegistry().getTypes()) {
      for (String extension : MIME_TYPES.forName(type.toString()).getExtensions()) {
        extensions.add("file" + extension);
      }
    }
    Random pick = new Random(5);
    List<String> mismatches = new ArrayList<>();
    int checks = 0;
    int sniffed = 0;
    MagicSniffer sniffer = MagicSniffer.of(TIKA);
    for (int i = 0; i < corpus.size(); i++) {
      Sample s = corpus.get(i);
      // Every input without a name, with its own name if it has one, with one picked round-robin from NAMES
      // and with one named for a random type Tika knows.
      List<String> names = new ArrayList<>(Arrays.asList(null, NAMES[i % NAMES.length],
          extensions.get(pick.nextInt(extensions.size()))));
      if (s.name() != null) {
        names.add(s.name());
      }
      for (String name : names) {
        String expected = tika(s.bytes(), name);
        String actual = MediaInspector.mimeType(s.bytes(), name);
        checks++;
        if (sniffer != null && sniffer.detect(s.bytes(), name) != null) {
          sniffed++;
        }
        if (!expected.equals(actual)) {
          mismatches.add(s.label() + " (" + s.bytes().length + " bytes) named " + name + ": Tika " + expected
              + ", MediaInspector " + actual);
        }
      }
    }
    assertThat(mismatches).as("inputs where MediaInspector and Tika disagree, of %d", checks).isEmpty();
    // The comparison means something only if the sniffer answered (almost) all of it itself.
    assertThat(sniffed).as("answered by MagicSniffer, of %d", checks).isGreaterThan(checks * 9 / 10);
  }

  private static String tika(byte[] bytes, String name) {
    try {
      Metadata md = new Metadata();
      if (name != null) {
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
      }
      return TIKA.detect(new ByteArrayInputStream(bytes), md).getBaseType().toString();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, byte[]> headers() {
    Map<String, byte[]> h = new LinkedHashMap<>();
    h.put("png", hex("89504E470D0A1A0A 0000000D 49484452 00000010 00000010 0806000000 1FF3FF61"));
    h.put("jpeg", cat(hex("FFD8FFE0 0010"), ascii("JFIF\0"), hex("0101 0048 0048 0000 FFDB 0043 00")));
    h.put("gif", cat(ascii("GIF89a"), hex("1000 1000 F7 00 00")));
    h.put("webp", cat(ascii("RIFF"), le32(100_000), ascii("WEBPVP8 "), le32(9000)));
    h.put("pdf", ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"));
    h.put("mp3-id3", cat(ascii("ID3"), hex("0400 00000000 0A"), hex("FFFB9064")));
    h.put("mp3-frame", hex("FFFB9064 00000000"));
    h.put("wav", cat(ascii("RIFF"), le32(100_000), ascii("WAVEfmt "), le32(16),
        hex("0100 0200 44AC0000 10B10200 0400 1000"), ascii("data"), le32(99_000)));
    h.put("mp4", cat(be32(24), ascii("ftypisom"), be32(512), ascii("isomiso2"), be32(8), ascii("free")));
    h.put("zip", cat(hex("504B0304 1400 0000 0800 0000 2100"), le32(0x12345678), le32(1000), le32(3000),
        hex("0900 0000"), ascii("hello.txt")));
    byte[] json = ascii("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F16\",\"shape\":[2,2],"
        + "\"data_offsets\":[0,8]}}");
    h.put("safetensors", cat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array(),
        json));
    h.put("gzip", hex("1F8B0800 00000000 0003"));
    h.put("ole2", hex("D0CF11E0A1B11AE1"));
    h.put("elf", cat(hex("7F454C46 0201 0100"), new byte[8], hex("0300 3E00")));
    return h;
  }

  /** Real headers (bare, padded with random bytes or zeros, truncated), texts, markup and edge cases. */
  private static List<Sample> handMade() {
    Random r = new Random(42);
    List<Sample> out = new ArrayList<>();
    for (var e : headers().entrySet()) {
      byte[] header = e.getValue();
      out.add(new Sample(e.getKey(), header));
      for (int n : new int[] {header.length + 1, 512, 4096, 65_536, 70_000}) {
        out.add(new Sample(e.getKey() + " + random to " + n, padRandom(header, n, r)));
        out.add(new Sample(e.getKey() + " + zeros to " + n, Arrays.copyOf(header, n)));
      }
      for (int cut = 1; cut < header.length; cut += 3) {
        out.add(new Sample(e.getKey() + " cut to " + cut, Arrays.copyOf(header, cut)));
      }
    }
    byte[] lorem = lorem();
    for (int n : new int[] {1, 5, 100, 4096, 65_536, 70_000}) {
      out.add(new Sample("text " + n, Arrays.copyOf(lorem, n)));
    }
    out.add(new Sample("utf-8", "Grüße, 日本語のテキスト — ünïcödé\n".repeat(50).getBytes(StandardCharsets.UTF_8)));
    out.add(new Sample("utf-16", "hello world\n".repeat(50).getBytes(StandardCharsets.UTF_16)));
    out.add(new Sample("json", ascii("{\"items\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2}]}")));
    out.add(new Sample("json array", ascii("[1, 2, 3, {\"a\": null}]\n")));
    out.add(new Sample("json after blanks", ascii("   \n  {\"a\": true}")));
    out.add(new Sample("xml", ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root><a>1</a></root>\n")));
    out.add(new Sample("svg", ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"/>")));
    out.add(new Sample("broken xml", ascii("<?xml version=\"1.0\"?>\n<root><a>1</b")));
    out.add(new Sample("html", ascii("<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>")));
    out.add(new Sample("late html", cat(ascii(" ".repeat(300)), ascii("<html><body>x</body></html>"))));
    out.add(new Sample("xhtml", ascii("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>")));
    out.add(new Sample("shell", ascii("#!/bin/sh\necho hi\n")));
    out.add(new Sample("python", ascii("#!/usr/bin/env python3\nprint('hi')\n")));
    out.add(new Sample("email", ascii("From: a@b.c\nTo: d@e.f\nSubject: hi\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n"
        + "Message-ID: <x@y>\n\nbody\n")));
    out.add(new Sample("x-header email", ascii("X-Mailer: foo\nContent-Type: text/plain\nDate: today\nFrom: x\n\nhi")));
    out.add(new Sample("robots.txt", ascii("User-agent: *\nDisallow: /\nAllow: /x\n")));
    out.add(new Sample("postscript", ascii("%!PS-Adobe-3.0\n%AI5_FileFormat 3\n%%EOF\n")));
    // Regex rules over offset ranges (Illustrator anywhere in 0..8192, AAC frames in 512..2048).
    for (int off : new int[] {1, 100, 4000, 8190, 8191, 8192, 8193}) {
      out.add(new Sample("illustrator at " + off, at(random(r, 100), off, ascii("\n%AI5_FileFormat 2\r"))));
      out.add(new Sample("illustrator in text at " + off, at(Arrays.copyOf(lorem, 9000), off,
          ascii("\r%AI5_FileFormat 4\n"))));
    }
    for (int off : new int[] {0, 511, 512, 513, 1000, 2047, 2048, 2049}) {
      out.add(new Sample("aac at " + off, at(new byte[600], off, hex("FFF15080 2B7FFC"))));
      out.add(new Sample("aac in random at " + off, at(random(r, 4096), off, hex("FFF15080 2B7FFC"))));
    }
    out.add(new Sample("dxf", ascii("  0\r\nSECTION\r\n  2\r\nHEADER\r\n  9\r\n$ACADVER\r\n")));
    out.add(new Sample("dxf with comment", ascii("999\ncomment\n  0\nSECTION\n  2\nENTITIES\n")));
    out.add(new Sample("graphviz", ascii("// c\ndigraph G { a -> b }\n")));
    out.add(new Sample("bzip2", cat(ascii("BZh9"), random(r, 100))));
    out.add(new Sample("matlab", ascii("function foo = bar(x)\n  foo = x;\nend\n")));
    out.add(new Sample("hprof", cat(ascii("JAVA PROFILE 1.0.2\0"), random(r, 50))));
    out.add(new Sample("tga", cat(hex("000002000000000000000000"), random(r, 30), ascii("TRUEVISION-XFILE.\0"))));
    out.add(new Sample("shar", at(ascii("aaaaaaaaaa"), 10, ascii("# This is a shell archive"))));
    out.add(new Sample("iso9660", at(new byte[40_000], 32_769, ascii("CD001"))));
    out.add(new Sample("tar", at(padRandom(ascii("file.txt"), 1024, r), 257, ascii("ustar\u000000"))));
    for (int n : new int[] {1, 2, 3, 4, 8, 16}) {
      out.add(new Sample(n + " zeros", new byte[n]));
      out.add(new Sample(n + " 0xff", filled(n, (byte) 0xFF)));
      out.add(new Sample(n + " spaces", filled(n, (byte) ' ')));
      out.add(new Sample(n + " newlines", filled(n, (byte) '\n')));
    }
    out.add(new Sample("empty", new byte[0]));
    for (int c = 0; c < 256; c++) {
      out.add(new Sample("the byte " + c, new byte[] {(byte) c}));
    }
    return out;
  }

  /** Seeded random bytes of many sizes, plus low-entropy and printable ones (more partial rule hits). */
  private static List<Sample> randomBytes(long seed) {
    Random r = new Random(seed);
    String alphabet = " \n\r\t\0<>/%!#-.0123456789ABCDEFabcdefPKGIFID3\u00ff\u00fe";
    List<Sample> out = new ArrayList<>();
    for (int n : new int[] {1, 2, 3, 4, 7, 8, 9, 16, 31, 64, 100, 257, 511, 512, 1000, 1024, 2047, 2048, 4095, 4096,
        4097, 8192, 8200, 8300, 16_384, 40_000, 65_536, 70_000}) {
      for (int k = 0; k < 3; k++) {
        out.add(new Sample("random " + seed + "/" + k, random(r, n)));
      }
      byte[] low = new byte[n];
      byte[] printable = new byte[n];
      for (int i = 0; i < n; i++) {
        low[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
        printable[i] = (byte) (32 + r.nextInt(95));
      }
      out.add(new Sample("low-entropy " + seed, low));
      out.add(new Sample("printable " + seed, printable));
    }
    return out;
  }

  /**
   * For every magic rule Tika loaded, its non-regex byte patterns placed at the start, end, middle or a
   * random point of their offset ranges, on empty, random or blank backgrounds, and each such input also
   * one byte short.
   */
  private static List<Sample> fromTikaMagicRules(long seed) throws Exception {
    Random r = new Random(seed);
    List<Sample> out = new ArrayList<>();
    for (Object magic : (List<?>) get(MIME_TYPES, "magics")) {
      List<MagicDetector> leaves = new ArrayList<>();
      leaves(get(magic, "clause"), leaves);
      String label = label(magic);
      String name = "file" + ((MimeType) get(magic, "type")).getExtension();
      for (int variant = 0; variant < 4; variant++) {
        byte[] b = switch (variant) {
          case 1 -> random(r, 64 + r.nextInt(5000));
          case 2 -> filled(300, (byte) ' ');
          default -> new byte[0];
        };
        boolean first = true;
        for (MagicDetector d : leaves) {
          if ((boolean) get(d, "isRegex") || (!first && variant == 3)) {
            continue; // variant 3: only the first alternative
          }
          first = false;
          int begin = (int) get(d, "offsetRangeBegin");
          int end = (int) get(d, "offsetRangeEnd");
          int offset = switch (variant) {
            case 0 -> begin;
            case 1 -> end;
            case 2 -> begin + (end - begin) / 2;
            default -> begin + r.nextInt(end - begin + 1);
          };
          byte[] pattern = ((byte[]) get(d, "pattern")).clone();
          if ((boolean) get(d, "isStringIgnoreCase") && r.nextBoolean()) {
            pattern = new String(pattern, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT)
                .getBytes(StandardCharsets.ISO_8859_1);
          }
          b = at(b, offset, pattern);
        }
        out.add(new Sample(label + " #" + variant, b, name));
        if (b.length > 1) {
          out.add(new Sample(label + " #" + variant + " one byte short", Arrays.copyOf(b, b.length - 1), name));
        }
      }
    }
    assertThat(out).hasSizeGreaterThan(3000);
    return out;
  }

  /**
   * Rules in combination and at the edge: every rule satisfied at the start of its ranges plus the pattern of
   * a rule matching over a wide range placed at the end of that range, named for the latter (a lower
   * priority match then changes the answer if the priority cut-off is off); and rules whose pattern ends in
   * zero bytes, satisfied with those zeros left off the end of the input (they match the zero padding past
   * the end) among many copies of the pattern's other bytes.
   */
  private static List<Sample> combinedTikaMagicRules(long seed) throws Exception {
    Random r = new Random(seed);
    List<Sample> out = new ArrayList<>();
    List<?> magics = (List<?>) get(MIME_TYPES, "magics");
    List<MagicDetector> wide = new ArrayList<>();
    List<String> wideNames = new ArrayList<>();
    for (Object magic : magics) {
      List<MagicDetector> leaves = new ArrayList<>();
      leaves(get(magic, "clause"), leaves);
      String name = "file" + ((MimeType) get(magic, "type")).getExtension();
      for (MagicDetector d : leaves) {
        if ((boolean) get(d, "isRegex")) {
          continue;
        }
        int begin = (int) get(d, "offsetRangeBegin");
        int end = (int) get(d, "offsetRangeEnd");
        byte[] pattern = (byte[]) get(d, "pattern");
        if (leaves.size() == 1 && end - begin >= 64) {
          wide.add(d);
          wideNames.add(name);
        }
        int zeros = 0;
        while (zeros < pattern.length && pattern[pattern.length - 1 - zeros] == 0) {
          zeros++;
        }
        if (end - begin >= 16 && zeros > 0 && zeros < pattern.length) {
          byte[] body = Arrays.copyOf(pattern, pattern.length - zeros);
          byte[] filler = new byte[begin + (end - begin) / 2];
          for (int i = 0, k = 0; i < filler.length; i++) {
            do {
              k = (k + 1) % body.length;
            } while (body[k] == 0);
            filler[i] = body[k];
          }
          List<MagicDetector> rest = new ArrayList<>();
          satisfying(get(magic, "clause"), d, rest);
          for (MagicDetector o : rest) {
            byte[] p = (byte[]) get(o, "pattern");
            int at = (int) get(o, "offsetRangeBegin");
            if (o != d && !(boolean) get(o, "isRegex") && at + p.length <= filler.length) {
              System.arraycopy(p, 0, filler, at, p.length);
            }
          }
          out.add(new Sample(label(magic) + " ending in the padding", cat(filler, body), name));
        }
      }
    }
    for (Object magic : magics) {
      List<MagicDetector> leaves = new ArrayList<>();
      leaves(get(magic, "clause"), leaves);
      byte[] b = new byte[0];
      for (MagicDetector d : leaves) {
        if (!(boolean) get(d, "isRegex")) {
          b = at(b, (int) get(d, "offsetRangeBegin"), (byte[]) get(d, "pattern"));
        }
      }
      for (int t = 0; t < 2; t++) {
        int w = r.nextInt(wide.size());
        int end = (int) get(wide.get(w), "offsetRangeEnd");
        if (end >= b.length) {
          out.add(new Sample(label(magic) + " and " + wideNames.get(w),
              at(b, end, (byte[]) get(wide.get(w), "pattern")), wideNames.get(w)));
        }
      }
    }
    assertThat(out).hasSizeGreaterThan(1000);
    return out;
  }

  /**
   * Into {@code out}, leaves whose patterns together satisfy {@code clause}: all of an and, one of an or,
   * the minimum of a min-should-match, preferring branches that hold {@code target}.
   */
  private static void satisfying(Object clause, MagicDetector target, List<MagicDetector> out) throws Exception {
    switch (clause.getClass().getSimpleName()) {
      case "AndClause" -> {
        for (Object c : (Object[]) get(clause, "clauses")) {
          satisfying(c, target, out);
        }
      }
      case "OrClause", "MinShouldMatchClause" -> {
        List<?> kids = (List<?>) get(clause, "clauses");
        int min = clause.getClass().getSimpleName().equals("OrClause") ? 1 : (int) get(clause, "min");
        List<Object> chosen = new ArrayList<>();
        for (Object c : kids) {
          List<MagicDetector> l = new ArrayList<>();
          leaves(c, l);
          if (l.contains(target)) {
            chosen.add(c);
          }
        }
        for (Object c : kids) {
          if (chosen.size() < min && !chosen.contains(c)) {
            chosen.add(c);
          }
        }
        for (Object c : chosen) {
          satisfying(c, target, out);
        }
      }
      default -> leaves(clause, out);
    }
  }

  private static String label(Object magic) {
    String label = String.valueOf(magic);
    return label.substring(0, Math.min(80, label.length()));
  }

  private static void leaves(Object clause, List<MagicDetector> out) throws Exception {
    switch (clause.getClass().getSimpleName()) {
      case "AndClause" -> {
        for (Object c : (Object[]) get(clause, "clauses")) {
          leaves(c, out);
        }
      }
      case "OrClause", "MinShouldMatchClause" -> {
        for (Object c : (List<?>) get(clause, "clauses")) {
          leaves(c, out);
        }
      }
      case "MagicMatch" -> {
        Method m = clause.getClass().getDeclaredMethod("getDetector");
        m.setAccessible(true);
        out.add((MagicDetector) m.invoke(clause));
      }
      default -> throw new IllegalStateException(clause.getClass().getName());
    }
  }

  private static Object get(Object o, String name) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  private static byte[] lorem() {
    StringBuilder t = new StringBuilder();
    while (t.length() < 70_000) {
      t.append("The quick brown fox jumps over the lazy dog. Line ").append(t.length()).append('\n');
    }
    return ascii(t.toString());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] be32(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  private static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] filled(int n, byte v) {
    byte[] b = new byte[n];
    Arrays.fill(b, v);
    return b;
  }

  private static byte[] padRandom(byte[] header, int n, Random r) {
    byte[] b = random(r, n);
    System.arraycopy(header, 0, b, 0, Math.min(n, header.length));
    return b;
  }

  /** {@code base} with {@code what} written at {@code offset}, grown as needed. */
  private static byte[] at(byte[] base, int offset, byte[] what) {
    byte[] b = Arrays.copyOf(base, Math.max(base.length, offset + what.length));
    System.arraycopy(what, 0, b, offset, what.length);
    return b;
  }
}
