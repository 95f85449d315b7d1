package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.assets.AssetDownloadTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over HTTP/1.1, where the bytes of {@code fs} blobs go zero-copy from an open file shared by the
 * downloads of the same asset ({@link OpenFiles}); {@link AssetDownloadTest} covers the RFC 9110 rules over the
 * JDK client's HTTP/2. Here: the same bytes and headers, many ranges at once, a missing or shortened blob file
 * answered with an error (never a short body the client would wait on), and the file closed once its asset goes.
 */
class AssetDownloadHttp11Test {
  static final int SIZE = 300_000;

  @TempDir
  static Path home;
  static RunningServer api;
  static AssetHttp assets;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    assets = new AssetHttp(api, HttpClient.Version.HTTP_1_1);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void wholeBodiesAndRangesAreTheExactBytes() throws Exception {
    byte[] bytes = AssetHttp.bytes(41, SIZE);
    String id = assets.upload(201, "zero copy.bin", bytes, null, "kind", "doc.binary").getString("asset_id");

    HttpResponse<byte[]> whole = assets.download(id);
    assertThat(whole.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(bytes);
    assertThat(header(whole, "Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(header(whole, "Content-Type")).isEqualTo("application/octet-stream");
    assertThat(header(whole, "ETag")).isEqualTo("\"" + id + "\"");
    assertThat(header(whole, "Content-Disposition")).isEqualTo(
        "attachment; filename=\"zero copy.bin\"; filename*=UTF-8''zero%20copy.bin");

    assertRange(id, bytes, "bytes=0-0", 0, 0);
    assertRange(id, bytes, "bytes=1000-", 1000, SIZE - 1);
    assertRange(id, bytes, "bytes=-500", SIZE - 500, SIZE - 1);
    HttpResponse<byte[]> two = assets.download(id, "Range", "bytes=0-9,100-109");
    assertThat(two.statusCode()).isEqualTo(206);
    assertThat(header(two, "Content-Type")).startsWith("multipart/byteranges; boundary=");
  }

  @Test
  void manyRangesAtOnceFromOneSharedFileAreEachTheirBytes() throws Exception {
    byte[] bytes = AssetHttp.bytes(42, SIZE);
    String id = assets.upload(201, "shared.bin", bytes, null, "kind", "doc.binary").getString("asset_id");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SplittableRandom random = new SplittableRandom(t);
        running.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            int first = random.nextInt(SIZE);
            int last = Math.min(SIZE - 1, first + random.nextInt(20_000));
            assertRange(id, bytes, "bytes=" + first + "-" + last, first, last);
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMissingBlobFileIsAProblemNotAHang() throws Exception {
    byte[] bytes = AssetHttp.bytes(43, 1000);
    String id = assets.upload(201, "missing.bin", bytes, null, "kind", "doc.binary").getString("asset_id");
    Files.delete(assets.blobPath(id));

    assertProblemOnly(assets.download(id), 404, "blob-missing");
    assertProblemOnly(assets.download(id, "Range", "bytes=0-9"), 404, "blob-missing");
    assertProblemOnly(assets.download(id, "Range", "bytes=0-9,20-29"), 404, "blob-missing");
    for (String range : new String[] {"bytes=0-0", "bytes=5-", "bytes=0-9,20-29"}) {
      HttpResponse<byte[]> head = assets.bytesOf("HEAD", "/v1/assets/" + id + "/download", "Range", range);
      assertThat(head.statusCode()).as("HEAD " + range).isEqualTo(404);
      assertThat(header(head, "Content-Type")).isEqualTo("application/problem+json");
      assertThat(head.headers().firstValue("ETag")).isEmpty();
    }
    assertThat(assets.bytesOf("HEAD", "/v1/assets/" + id + "/download").statusCode()).isEqualTo(404);
    assertThat(assets.bytesOf("GET", "/v1/assets/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void aBlobFileShorterThanItsAssetIsAnErrorNotAShortBody() throws Exception {
    byte[] bytes = AssetHttp.bytes(44, 10_000);
    String id = assets.upload(201, "short.bin", bytes, null, "kind", "doc.binary").getString("asset_id");
    assertRange(id, bytes, "bytes=0-99", 0, 99); // the file is open now, and stays open

    truncate(assets.blobPath(id), 5000);

    assertRange(id, bytes, "bytes=0-99", 0, 99);
    assertInternalError(assets.download(id, "Range", "bytes=9000-9999"));
    assertInternalError(assets.download(id));
  }

  @Test
  void theFileOfADeletedAssetIsClosedAndTheSameBytesUploadedAgainDownloadAnew() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc to see open files");
    byte[] bytes = AssetHttp.bytes(45, 20_000);
    String id = assets.upload(201, "before.bin", bytes, null, "kind", "doc.binary").getString("asset_id");
    Path blob = assets.blobPath(id);
    // right after the upload's commit its listener may not have run yet: a channel opened in that window
    // serves its one download and is closed, so download until one is kept
    AssetHttp.await("a download to keep the blob's file open", () -> {
      assertRange(id, bytes, "bytes=100-199", 100, 199);
      return openFilesOf(blob) == 1;
    }, Duration.ofSeconds(5));

    assertThat(api.delete("/v1/assets/" + id).statusCode()).isEqualTo(204);
    assertProblem(api.get("/v1/assets/" + id + "/download"), 404, "not-found");
    AssetHttp.await("the deleted asset's bytes to be removed", () -> !Files.exists(blob), Duration.ofSeconds(5));
    AssetHttp.await("the deleted blob's file to be closed", () -> openFilesOf(blob) == 0, Duration.ofSeconds(5));

    assertThat(assets.upload(201, "after.bin", bytes, null, "kind", "doc.binary").getString("asset_id"))
        .isEqualTo(id);
    HttpResponse<byte[]> again = assets.download(id);
    assertThat(again.body()).isEqualTo(bytes);
    assertThat(header(again, "Content-Disposition")).contains("filename=\"after.bin\"");
  }

  private static void assertRange(String id, byte[] bytes, String range, int first, int last) throws Exception {
    HttpResponse<byte[]> r = assets.download(id, "Range", range);
    assertThat(r.statusCode()).as(range).isEqualTo(206);
    assertThat(header(r, "Content-Range")).as(range).isEqualTo("bytes " + first + "-" + last + "/" + bytes.length);
    assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(bytes, first, last + 1));
  }

  private static void assertInternalError(HttpResponse<byte[]> r) {
    assertProblemOnly(r, 500, "internal-error");
  }

  /** A whole problem answer: none of the download's headers (a Content-Length of the bytes would cut it). */
  private static void assertProblemOnly(HttpResponse<byte[]> r, int status, String slug) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(header(r, "Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.headers().firstValue("Content-Range")).isEmpty();
    assertThat(r.headers().firstValue("ETag")).isEmpty();
    JsonObject problem = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(problem.getString("type")).endsWith("/" + slug);
    assertThat(problem.getInteger("status")).isEqualTo(status);
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(size);
    }
  }

  /** How many of this JVM's file descriptors point at {@code file} (also after it was deleted). */
  private static long openFilesOf(Path file) throws IOException {
    String target = file.toAbsolutePath().toString();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.map(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          return ""; // closed while listed
        } catch (UncheckedIOException e) {
          return "";
        }
      }).filter(link -> link.equals(target) || link.equals(target + " (deleted)")).count();
    }
  }
}
