package dev.faceforge.verticles.assets;

import dev.faceforge.verticles.http.Problem;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming parser of a {@code multipart/form-data} body (RFC 7578, RFC 2046 section 5.1): fed the body
 * chunk by chunk, it hands each part's headers and then its bytes to a {@link Parts} as they arrive, keeping
 * only what may still be the start of a delimiter. The delimiter is found with a Boyer-Moore-Horspool search,
 * which looks at about one byte in forty of a file part (Netty's decoder, which Vert.x uses, looks at every
 * byte, twice: that was half the event loop's time in an upload). Malformed input fails with a 400
 * {@link Problem}; a part's bytes are never held beyond the chunk they came in.
 */
final class MultipartParser {
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** What the parser found, in order: begin, data..., end, for each part. */
  interface Parts {
    /** A part starts: its {@code name}, its {@code filename} (null for a plain field) and content type. */
    void begin(String name, String filename, String contentType);

    /** The next bytes of the current part's body (valid during the call only). */
    void data(byte[] bytes, int offset, int length);

    void end();
  }

  private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, EPILOGUE }

  private final byte[] delimiter;
  private final int[] skip = new int[256];
  private final Parts parts;
  private State state = State.PREAMBLE;
  private byte[] buf = new byte[64 * 1024];
  private int len;

  MultipartParser(String boundary, Parts parts) {
    // The body is read as if it started with CRLF, so the first delimiter needs no special case.
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.parts = parts;
    Arrays.fill(skip, delimiter.length);
    for (int j = 0; j < delimiter.length - 1; j++) {
      skip[delimiter[j] & 0xff] = delimiter.length - 1 - j;
    }
    buf[len++] = '\r';
    buf[len++] = '\n';
  }

  /** The {@code boundary} parameter of a {@code multipart/form-data} content type, or null. */
  static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    String b = HeaderParams.parse(contentType).get("boundary");
    return b == null || b.isEmpty() || b.length() > 200 ? null : b;
  }

  /** True once the closing delimiter was read (whatever follows it is ignored). */
  boolean finished() {
    return state == State.EPILOGUE;
  }

  void feed(Buffer chunk) {
    if (state == State.EPILOGUE) {
      return;
    }
    int n = chunk.length();
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + n, 2 * buf.length));
    }
    chunk.getBytes(0, n, buf, len);
    len += n;
    int pos = parse(0);
    System.arraycopy(buf, pos, buf, 0, len - pos);
    len -= pos;
  }

  /** Parses what it can of {@code buf[pos, len)}; answers where the bytes it must keep start. */
  private int parse(int pos) {
    while (true) {
      switch (state) {
        case PREAMBLE, BODY -> {
          int at = indexOfDelimiter(pos);
          if (at < 0) {
            int keep = Math.max(pos, len - (delimiter.length - 1));
            if (state == State.BODY && keep > pos) {
              parts.data(buf, pos, keep - pos);
            }
            return keep;
          }
          if (state == State.BODY) {
            if (at > pos) {
              parts.data(buf, pos, at - pos);
            }
            parts.end();
          }
          pos = at + delimiter.length;
          state = State.AFTER_DELIMITER;
        }
        case AFTER_DELIMITER -> {
          int i = pos;
          while (i < len && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
          }
          if (len - i < 2) {
            if (i - pos > 1024) {
              throw Problem.badRequest("malformed multipart body: a boundary line does not end");
            }
            return pos;
          }
          if (i == pos && buf[i] == '-' && buf[i + 1] == '-') {
            state = State.EPILOGUE;
            return len;
          }
          if (buf[i] != '\r' || buf[i + 1] != '\n') {
            throw Problem.badRequest("malformed multipart body: a boundary is not followed by a line break");
          }
          pos = i + 2;
          state = State.HEADERS;
        }
        case HEADERS -> {
          int end = headersEnd(pos);
          if (end < 0) {
            if (len - pos > MAX_HEADER_BYTES) {
              throw Problem.badRequest("malformed multipart body: a part's headers exceed " + MAX_HEADER_BYTES
                  + " bytes");
            }
            return pos;
          }
          begin(new String(buf, pos, end - pos, StandardCharsets.UTF_8));
          pos = end + (end == pos ? 2 : 4);
          state = State.BODY;
        }
        default -> {
          return len;
        }
      }
    }
  }

  /** Where the header block starting at {@code pos} ends (its final CRLF CRLF, or {@code pos} when empty), or -1. */
  private int headersEnd(int pos) {
    if (len - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n') {
      return pos;
    }
    for (int i = pos; i + 3 < len; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void begin(String headerBlock) {
    Map<String, String> headers = new HashMap<>();
    for (String line : headerBlock.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    String disposition = headers.get("content-disposition");
    Map<String, String> params = disposition == null ? Map.of() : HeaderParams.parse(disposition);
    if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")
        || params.get("name") == null) {
      throw Problem.badRequest("malformed multipart body: a part has no 'Content-Disposition: form-data; name=...'");
    }
    String contentType = headers.get("content-type");
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      throw Problem.badRequest("nested multipart parts are not supported: send each file as its own part");
    }
    String filename = params.get("filename*") != null ? params.get("filename*") : params.get("filename");
    parts.begin(params.get("name"), filename, contentType);
  }

  /** The first index of the delimiter in {@code buf[from, len)}, or -1 (Boyer-Moore-Horspool). */
  private int indexOfDelimiter(int from) {
    int last = delimiter.length - 1;
    byte lastByte = delimiter[last];
    for (int i = from; i + last < len; ) {
      byte b = buf[i + last];
      if (b == lastByte && matchesAt(i)) {
        return i;
      }
      i += skip[b & 0xff];
    }
    return -1;
  }

  private boolean matchesAt(int i) {
    for (int j = 0; j < delimiter.length - 1; j++) {
      if (buf[i + j] != delimiter[j]) {
        return false;
      }
    }
    return true;
  }
}
