package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET/HEAD /v1/assets/{id}/download} per RFC 9110: ranges, multipart ranges, conditions, headers. */
class AssetDownloadTest {
  static final int SIZE = 100_000;
  static final String NAME = "Ærø photo.bin";

  @TempDir
  static Path home;
  static RunningServer api;
  static AssetHttp assets;
  static byte[] bytes;
  static String id;
  static String etag;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    assets = new AssetHttp(api);
    bytes = AssetHttp.bytes(31, SIZE);
    id = assets.upload(201, NAME, bytes, null, "kind", "doc.binary").getString("asset_id");
    etag = "\"" + id + "\"";
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void fullDownloadSendsTheExactBytesWithEveryHeader() throws Exception {
    HttpResponse<byte[]> r = assets.download(id);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");
    assertThat(header(r, "ETag")).isEqualTo(etag);
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.headers().firstValue("Content-Range")).isEmpty();
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(header(r, "Content-Disposition"))
        .isEqualTo("attachment; filename=\"_r_ photo.bin\"; filename*=UTF-8''%C3%86r%C3%B8%20photo.bin");
    String encoded = header(r, "Content-Disposition").split("filename\\*=UTF-8''", 2)[1];
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(NAME);
  }

  @Test
  void bytesAreNeverReencodedEvenForAClientThatAcceptsGzip() throws Exception {
    byte[] text = "the same words again and again, easy to compress\n".repeat(4000).getBytes(StandardCharsets.UTF_8);
    String textId = assets.upload(201, "words.txt", text, null, "kind", "doc.text").getString("asset_id");

    HttpResponse<byte[]> whole = assets.download(textId, "Accept-Encoding", "gzip, deflate, br");
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(header(whole, "Content-Length")).isEqualTo(Integer.toString(text.length));
    assertThat(whole.body()).isEqualTo(text);

    HttpResponse<byte[]> part = assets.download(textId, "Accept-Encoding", "gzip", "Range", "bytes=1000-2999");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(header(part, "Content-Length")).isEqualTo("2000");
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(text, 1000, 3000));
  }

  @Test
  void contentTypeIsTheSniffedMediaType() throws Exception {
    byte[] png = AssetHttp.png(4, 4);
    String pngId = assets.upload(201, "tiny.dat", png, null, "kind", "image.original").getString("asset_id");

    HttpResponse<byte[]> r = assets.download(pngId);

    assertThat(header(r, "Content-Type")).isEqualTo("image/png");
    assertThat(header(r, "Content-Disposition"))
        .isEqualTo("attachment; filename=\"tiny.dat\"; filename*=UTF-8''tiny.dat");
    assertThat(r.body()).isEqualTo(png);
  }

  @Test
  void headSendsTheHeadersOfGetWithoutABody() throws Exception {
    HttpResponse<byte[]> r = assets.bytesOf("HEAD", "/v1/assets/" + id + "/download");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(header(r, "ETag")).isEqualTo(etag);
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");

    HttpResponse<byte[]> ranged = assets.bytesOf("HEAD", "/v1/assets/" + id + "/download", "Range", "bytes=10-19");
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.body()).isEmpty();
    assertThat(header(ranged, "Content-Length")).isEqualTo("10");
    assertThat(header(ranged, "Content-Range")).isEqualTo("bytes 10-19/" + SIZE);

    String several = "bytes=0-9,500-599";
    HttpResponse<byte[]> headParts = assets.bytesOf("HEAD", "/v1/assets/" + id + "/download", "Range", several);
    HttpResponse<byte[]> getParts = assets.download(id, "Range", several);
    assertThat(headParts.statusCode()).isEqualTo(206);
    assertThat(headParts.body()).isEmpty();
    assertThat(header(headParts, "Content-Length")).isEqualTo(Integer.toString(getParts.body().length));
  }

  @Test
  void singleRangeIs206WithContentRange() throws Exception {
    assertRange("bytes=0-99", 0, 99);
    assertRange("bytes=5000-5000", 5000, 5000);
    assertRange("bytes=99000-200000", 99000, SIZE - 1); // a last byte past the end is clamped
  }

  @Test
  void openEndedRangeRunsToTheEnd() throws Exception {
    assertRange("bytes=99990-", 99990, SIZE - 1);
  }

  @Test
  void suffixRangeIsTheLastBytes() throws Exception {
    assertRange("bytes=-500", SIZE - 500, SIZE - 1);
    assertRange("bytes=-" + (SIZE * 2), 0, SIZE - 1); // longer than the body: all of it, still a 206
  }

  @Test
  void severalRangesAreAMultipartByterangesBody() throws Exception {
    HttpResponse<byte[]> r = assets.download(id, "Range", "bytes=0-9, 100-199,-5");

    assertThat(r.statusCode()).isEqualTo(206);
    String type = header(r, "Content-Type");
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
    List<Part> parts = parts(r.body(), type.substring(type.indexOf("boundary=") + 9));
    assertThat(parts).extracting(Part::contentRange)
        .containsExactly("bytes 0-9/" + SIZE, "bytes 100-199/" + SIZE, "bytes 99995-99999/" + SIZE);
    assertThat(parts).extracting(Part::contentType).containsOnly("application/octet-stream");
    assertThat(parts.get(0).body()).isEqualTo(Arrays.copyOfRange(bytes, 0, 10));
    assertThat(parts.get(1).body()).isEqualTo(Arrays.copyOfRange(bytes, 100, 200));
    assertThat(parts.get(2).body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 5, SIZE));
  }

  @Test
  void overlappingRangesAreCoalescedIntoOne() throws Exception {
    assertRange("bytes=0-49,50-99,10-20", 0, 99);
  }

  @Test
  void unsatisfiableRangeIs416WithTheSize() throws Exception {
    for (String range : List.of("bytes=" + SIZE + "-", "bytes=200000-300000", "bytes=-0")) {
      HttpResponse<byte[]> r = assets.download(id, "Range", range);

      assertThat(r.statusCode()).as(range).isEqualTo(416);
      assertThat(header(r, "Content-Range")).isEqualTo("bytes */" + SIZE);
    }
  }

  @Test
  void malformedRangeIsIgnoredAndTheWholeBodySent() throws Exception {
    for (String range : List.of("bytes=abc", "items=0-5", "bytes=9-1", "bytes=", "0-5")) {
      HttpResponse<byte[]> r = assets.download(id, "Range", range);

      assertThat(r.statusCode()).as(range).isEqualTo(200);
      assertThat(r.body()).isEqualTo(bytes);
    }
  }

  @Test
  void ifNoneMatchWithTheContentHashIs304() throws Exception {
    for (String condition : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
      HttpResponse<byte[]> r = assets.download(id, "If-None-Match", condition);

      assertThat(r.statusCode()).as(condition).isEqualTo(304);
      assertThat(r.body()).isEmpty();
      assertThat(header(r, "ETag")).isEqualTo(etag);
    }
    assertThat(assets.download(id, "If-None-Match", "\"" + "0".repeat(64) + "\"").statusCode()).isEqualTo(200);
  }

  @Test
  void ifRangeHonoursTheRangeOnlyForTheCurrentEtag() throws Exception {
    HttpResponse<byte[]> same = assets.download(id, "Range", "bytes=10-19", "If-Range", etag);
    assertThat(same.statusCode()).isEqualTo(206);
    assertThat(same.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));

    for (String stale : List.of("\"" + "0".repeat(64) + "\"", "W/" + etag, "Tue, 15 Nov 1994 08:12:31 GMT")) {
      HttpResponse<byte[]> r = assets.download(id, "Range", "bytes=10-19", "If-Range", stale);

      assertThat(r.statusCode()).as(stale).isEqualTo(200);
      assertThat(r.body()).isEqualTo(bytes);
    }
  }

  @Test
  void unknownOrDeletedAssetIs404() throws Exception {
    HttpResponse<String> missing = api.get("/v1/assets/" + "0".repeat(64) + "/download");
    assertProblem(missing, 404, "not-found");

    String doomed = assets.upload(201, "doomed.bin", AssetHttp.bytes(32, 64), null, "kind", "doc.binary")
        .getString("asset_id");
    assertThat(api.delete("/v1/assets/" + doomed).statusCode()).isEqualTo(204);
    assertProblem(api.get("/v1/assets/" + doomed + "/download"), 404, "not-found");
  }

  @Test
  void anAssetWhoseBytesVanishedFromDiskIsAClear404AndTheServerGoesOn() throws Exception {
    String lost = assets.upload(201, "lost.bin", AssetHttp.bytes(34, 4096), null, "kind", "doc.binary")
        .getString("asset_id");
    Files.delete(assets.blobPath(lost));

    for (String range : new String[] {null, "bytes=0-9", "bytes=0-9,20-29"}) {
      HttpResponse<String> r = range == null ? api.get("/v1/assets/" + lost + "/download")
          : api.call("GET", "/v1/assets/" + lost + "/download", null, "Range", range);
      JsonObject problem = assertProblem(r, 404, "blob-missing");
      assertThat(problem.getString("detail")).contains(lost).contains("fs").contains("faceforge verify");
    }
    assertThat(api.get("/v1/assets/" + lost).statusCode()).isEqualTo(200);
    assertThat(assets.download(id).statusCode()).isEqualTo(200);
  }

  @Test
  void aDownloadedAssetIs404AsSoonAsItsDeleteAnswered() throws Exception {
    for (int i = 0; i < 20; i++) {
      String doomed = assets.upload(201, "cached.bin", AssetHttp.bytes(100 + i, 64), null, "kind", "doc.binary")
          .getString("asset_id");
      assertThat(assets.download(doomed).statusCode()).isEqualTo(200);
      assertThat(assets.download(doomed, "Range", "bytes=0-9").statusCode()).isEqualTo(206);

      assertThat(api.delete("/v1/assets/" + doomed).statusCode()).isEqualTo(204);

      assertProblem(api.get("/v1/assets/" + doomed + "/download"), 404, "not-found");
    }
  }

  @Test
  void theSameBytesUploadedAgainDownloadUnderTheirNewName() throws Exception {
    byte[] same = AssetHttp.bytes(33, 5000);
    String sameId = assets.upload(201, "first.bin", same, null, "kind", "doc.binary").getString("asset_id");
    assertThat(header(assets.download(sameId), "Content-Disposition")).contains("filename=\"first.bin\"");
    assertThat(api.patch("/v1/assets/" + sameId, new JsonObject().put("kind", "doc.other")).statusCode())
        .isEqualTo(200);
    assertThat(assets.download(sameId).body()).isEqualTo(same);

    assertThat(api.delete("/v1/assets/" + sameId).statusCode()).isEqualTo(204);
    assertProblem(api.get("/v1/assets/" + sameId + "/download"), 404, "not-found");
    AssetHttp.await("the deleted asset's bytes to be removed", () -> !Files.exists(assets.blobPath(sameId)),
        Duration.ofSeconds(5));
    assertThat(assets.upload(201, "second.bin", same, null, "kind", "doc.binary").getString("asset_id"))
        .isEqualTo(sameId);

    HttpResponse<byte[]> again = assets.download(sameId, "Range", "bytes=100-199");
    assertThat(again.statusCode()).isEqualTo(206);
    assertThat(again.body()).isEqualTo(Arrays.copyOfRange(same, 100, 200));
    assertThat(header(again, "Content-Disposition")).contains("filename=\"second.bin\"");
  }

  @Test
  void downloadWithoutTokenIs401() throws Exception {
    HttpResponse<byte[]> r = assets.anonymous("GET", "/v1/assets/" + id + "/download");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(header(r, "Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void manyRangedReadsInARowKeepTheServerHealthy() throws Exception {
    for (int i = 0; i < 50; i++) {
      int first = i * 1000;
      assertRange("bytes=" + first + "-" + (first + 999), first, first + 999);
    }
    assertThat(new JsonObject(api.get("/healthz").body()).getString("status")).isNotNull();
  }

  private static void assertRange(String range, int first, int last) throws Exception {
    HttpResponse<byte[]> r = assets.download(id, "Range", range);

    assertThat(r.statusCode()).as(range).isEqualTo(206);
    assertThat(header(r, "Content-Range")).as(range).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
    assertThat(header(r, "Content-Length")).as(range).isEqualTo(Integer.toString(last - first + 1));
    assertThat(header(r, "Content-Type")).isEqualTo("application/octet-stream");
    assertThat(header(r, "ETag")).isEqualTo(etag);
    assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(bytes, first, last + 1));
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
  }

  /** One part of a {@code multipart/byteranges} body. */
  record Part(String contentType, String contentRange, byte[] body) {
  }

  /** Parses a {@code multipart/byteranges} body strictly: each part's length comes from its Content-Range. */
  static List<Part> parts(byte[] body, String boundary) {
    String text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte
    List<Part> parts = new ArrayList<>();
    int at = 0;
    String delimiter = "--" + boundary;
    while (true) {
      assertThat(text.startsWith(delimiter, at)).as("a delimiter at %d", at).isTrue();
      at += delimiter.length();
      if (text.startsWith("--\r\n", at)) {
        assertThat(at + 4).as("nothing after the closing delimiter").isEqualTo(text.length());
        return parts;
      }
      assertThat(text.startsWith("\r\n", at)).isTrue();
      int headersEnd = text.indexOf("\r\n\r\n", at);
      String type = null;
      String range = null;
      for (String line : text.substring(at + 2, headersEnd).split("\r\n")) {
        String[] kv = line.split(":\\s*", 2);
        if (kv[0].equalsIgnoreCase("Content-Type")) {
          type = kv[1];
        } else if (kv[0].equalsIgnoreCase("Content-Range")) {
          range = kv[1];
        }
      }
      String[] span = range.substring("bytes ".length(), range.indexOf('/')).split("-");
      int length = Integer.parseInt(span[1]) - Integer.parseInt(span[0]) + 1;
      int start = headersEnd + 4;
      parts.add(new Part(type, range, Arrays.copyOfRange(body, start, start + length)));
      at = start + length;
      assertThat(text.startsWith("\r\n", at)).as("CRLF after the part's bytes").isTrue();
      at += 2;
    }
  }
}
