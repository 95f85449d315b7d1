package dev.faceforge.verticles.assets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6266 {@code Content-Disposition: attachment} with an ASCII {@code filename} fallback and the exact
 * name in {@code filename*} (RFC 8187, UTF-8, percent-encoded), so non-ASCII names survive.
 */
final class ContentDisposition {
  private ContentDisposition() {
  }

  static String attachment(String filename) {
    if (filename == null || filename.isBlank()) {
      return "attachment";
    }
    String name = filename.replaceAll("[\\r\\n\"\\\\]", "_").replaceAll(".*[/\\\\]", "");
    StringBuilder ascii = new StringBuilder();
    name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f ? (char) cp : '_'));
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
