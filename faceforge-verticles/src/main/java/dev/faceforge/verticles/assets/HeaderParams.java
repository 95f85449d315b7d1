package dev.faceforge.verticles.assets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a header value such as {@code form-data; name="file"; filename="a.jpg"} or
 * {@code multipart/form-data; boundary=xyz}: names lower-cased, quoted strings unquoted ({@code \"} and
 * {@code \\} unescaped, any other backslash kept, as browsers do not escape it), and an RFC 8187
 * {@code name*=UTF-8''percent%20encoded} value decoded under its plain name with the star.
 */
final class HeaderParams {
  private HeaderParams() {
  }

  static Map<String, String> parse(String value) {
    Map<String, String> out = new HashMap<>();
    int i = value.indexOf(';');
    while (i >= 0 && i < value.length()) {
      int eq = value.indexOf('=', i + 1);
      int semi = value.indexOf(';', i + 1);
      if (eq < 0 || (semi >= 0 && semi < eq)) {
        i = semi;
        continue;
      }
      String name = value.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
      StringBuilder v = new StringBuilder();
      i = eq + 1;
      while (i < value.length() && value.charAt(i) == ' ') {
        i++;
      }
      if (i < value.length() && value.charAt(i) == '"') {
        for (i++; i < value.length() && value.charAt(i) != '"'; i++) {
          char c = value.charAt(i);
          if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\')) {
            c = value.charAt(++i);
          }
          v.append(c);
        }
        i = value.indexOf(';', i);
      } else {
        int end = value.indexOf(';', i);
        v.append(value, i, end < 0 ? value.length() : end);
        i = end;
      }
      out.putIfAbsent(name, name.endsWith("*") ? extended(v.toString().trim()) : v.toString().trim());
    }
    return out;
  }

  /** An RFC 8187 {@code charset'language'percent-encoded} value; null when it is not one. */
  private static String extended(String v) {
    int first = v.indexOf('\'');
    int second = first < 0 ? -1 : v.indexOf('\'', first + 1);
    if (second < 0) {
      return null;
    }
    Charset charset;
    try {
      charset = Charset.forName(v.substring(0, first));
    } catch (RuntimeException e) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = second + 1; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%' && i + 2 < v.length() && Character.digit(v.charAt(i + 1), 16) >= 0
          && Character.digit(v.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(v.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c < 0x80 ? c : '?');
      }
    }
    return bytes.toString(charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset);
  }
}
