package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.verticles.http.Problem;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link MultipartParser}: the same parts whatever the chunking (a delimiter split anywhere, even byte by
 * byte), look-alikes of the delimiter inside a file, preamble and epilogue, quoted and RFC 8187 parameters,
 * and malformed bodies refused with a 400.
 */
class MultipartParserTest {
  static final String B = "ff-parser-7e1f";

  /** What a {@link MultipartParser.Parts} saw, one line per part: name, filename, content type and bytes. */
  static final class Recorded implements MultipartParser.Parts {
    final List<String> parts = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();
    private ByteArrayOutputStream body;

    @Override
    public void begin(String name, String filename, String contentType) {
      parts.add(name + "|" + filename + "|" + contentType);
      body = new ByteArrayOutputStream();
    }

    @Override
    public void data(byte[] bytes, int offset, int length) {
      assertThat(length).isPositive();
      body.write(bytes, offset, length);
    }

    @Override
    public void end() {
      bodies.add(body.toByteArray());
      body = null;
    }
  }

  @Test
  void everyChunkingGivesTheSamePartsAndBytes() {
    byte[] file = AssetHttp.bytes(7, 3000);
    // bytes that start like the delimiter, and one that is the delimiter but for its last byte
    System.arraycopy(("\r\n--" + B.substring(0, 5)).getBytes(StandardCharsets.US_ASCII), 0, file, 100, 9);
    System.arraycopy(("\r\n--" + B.substring(0, B.length() - 1) + "X").getBytes(StandardCharsets.US_ASCII), 0, file,
        2000, B.length() + 4);
    byte[] body = concat(("preamble to ignore\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
        + "doc.binary\r\n--" + B + "  \r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"a \\\"b\\\".bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8), file,
        ("\r\n--" + B + "\r\ncontent-disposition: form-data; name=\"empty\"\r\n\r\n\r\n--" + B + "--\r\nepilogue")
            .getBytes(StandardCharsets.UTF_8));

    Buffer whole = Buffer.buffer(body);
    for (int size : new int[] {1, 2, 3, 7, 16, 31, 64, 1000, body.length, -41, -42, -43, -57, -97, -333, -1999}) {
      int chunk = Math.abs(size);
      Recorded seen = new Recorded();
      MultipartParser parser = new MultipartParser(B, seen);
      for (int i = 0; i < body.length; i += chunk) {
        int end = Math.min(body.length, i + chunk);
        // negative sizes: slices of one buffer (an array offset), as a server's chunks may be
        parser.feed(size < 0 ? whole.slice(i, end) : Buffer.buffer(java.util.Arrays.copyOfRange(body, i, end)));
      }

      assertThat(parser.finished()).as("chunks of %d", chunk).isTrue();
      assertThat(seen.parts).as("chunks of %d", chunk).containsExactly("kind|null|null",
          "file|a \"b\".bin|application/octet-stream", "empty|null|null");
      assertThat(seen.bodies.get(0)).asString().isEqualTo("doc.binary");
      assertThat(seen.bodies.get(1)).as("chunks of %d", chunk).isEqualTo(file);
      assertThat(seen.bodies.get(2)).isEmpty();
    }
  }

  @Test
  void theFirstDelimiterMayOpenTheBodyAndFilenameStarWins() {
    Recorded seen = new Recorded();
    MultipartParser parser = new MultipartParser(B, seen);

    parser.feed(Buffer.buffer("--" + B + "\r\nContent-Disposition: form-data; name=file; filename=\"fallback.txt\";"
        + " filename*=UTF-8''%C3%A9t%C3%A9%20photo.jpg\r\n\r\nx\r\n--" + B + "--"));

    assertThat(parser.finished()).isTrue();
    assertThat(seen.parts).containsExactly("file|été photo.jpg|null");
  }

  @Test
  void theBoundaryComesFromTheContentTypeQuotedOrNot() {
    assertThat(MultipartParser.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartParser.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a;b c\"")).isEqualTo("a;b c");
    assertThat(MultipartParser.boundary("multipart/form-data")).isNull();
    assertThat(MultipartParser.boundary("application/json; boundary=abc")).isNull();
    assertThat(HeaderParams.parse("form-data; name=\"a=b; c\"; filename=x.bin"))
        .isEqualTo(Map.of("name", "a=b; c", "filename", "x.bin"));
  }

  @Test
  void malformedBodiesAreRefusedWith400() {
    for (String body : List.of(
        "--" + B + "\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--" + B + "--",
        "--" + B + "\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nnot form-data\r\n--" + B + "--",
        "--" + B + "junk\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--" + B + "--",
        "--" + B + "\r\nContent-Disposition: form-data; name=\"x\"\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n"
            + "--q--\r\n--" + B + "--")) {
      MultipartParser parser = new MultipartParser(B, new Recorded());
      assertThatThrownBy(() -> parser.feed(Buffer.buffer(body))).as(body).isInstanceOfSatisfying(Problem.class,
          p -> assertThat(p.status()).isEqualTo(400));
    }
    MultipartParser endless = new MultipartParser(B, new Recorded());
    endless.feed(Buffer.buffer("--" + B + "\r\nX-Pad: "));
    assertThatThrownBy(() -> endless.feed(Buffer.buffer("y".repeat(MultipartParser.MAX_HEADER_BYTES))))
        .as("headers that never end").isInstanceOf(Problem.class);
  }

  @Test
  void aBodyWithoutItsClosingDelimiterIsNotFinished() {
    MultipartParser parser = new MultipartParser(B, new Recorded());
    parser.feed(Buffer.buffer("--" + B + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ncut short"));
    assertThat(parser.finished()).isFalse();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
