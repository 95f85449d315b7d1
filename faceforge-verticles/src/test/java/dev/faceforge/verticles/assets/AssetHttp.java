package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Asset calls over real HTTP (bytes in, bytes out) and the facts the asset tests check them against:
 * SHA-256 of what was sent, real images made with {@code javax.imageio}, the files under the home's
 * {@code assets/} and {@code tmp/} folders.
 */
final class AssetHttp {
  final RunningServer api;
  private final HttpClient http;

  /** Calls over HTTP/2 where the server agrees (the JDK client's default: h2c upgrade), else HTTP/1.1. */
  AssetHttp(RunningServer api) {
    this(api, HttpClient.Version.HTTP_2);
  }

  /** Calls over {@code version} ({@code HTTP_1_1} is what browsers speak to an {@code http://} server). */
  AssetHttp(RunningServer api, HttpClient.Version version) {
    this.api = api;
    this.http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code n} deterministic pseudo-random bytes. */
  static byte[] bytes(long seed, int n) {
    byte[] b = new byte[n];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** A real PNG of {@code width} x {@code height} pixels. */
  static byte[] png(int width, int height) throws Exception {
    return image("png", width, height, BufferedImage.TYPE_INT_ARGB);
  }

  /** A real baseline JPEG of {@code width} x {@code height} pixels. */
  static byte[] jpeg(int width, int height) throws Exception {
    return image("jpg", width, height, BufferedImage.TYPE_INT_RGB);
  }

  private static byte[] image(String format, int width, int height, int type) throws Exception {
    BufferedImage img = new BufferedImage(width, height, type);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        img.setRGB(x, y, new Color((x * 40) % 256, (y * 60) % 256, 128).getRGB());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, format, out)).as("an ImageIO writer for " + format).isTrue();
    return out.toByteArray();
  }

  /** Uploads through {@link RunningServer#upload}, asserts {@code status} and returns the answer's document. */
  JsonObject upload(int status, String filename, byte[] bytes, String meta, String... fields) throws Exception {
    HttpResponse<String> r = api.upload(filename, bytes, meta, fields);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return api.json(r);
  }

  /** Sends {@code form} to the upload route with the token. */
  HttpResponse<String> upload(Multipart form) throws Exception {
    return api.raw(HttpRequest.newBuilder(URI.create(api.base() + "/v1/assets/upload"))
        .header("Authorization", "Bearer " + RunningServer.TOKEN)
        .header("Content-Type", form.contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());
  }

  /** A request with the token whose body is kept as bytes. */
  HttpResponse<byte[]> bytesOf(String method, String path, String... headers) throws Exception {
    String[] all = Stream.concat(Stream.of("Authorization", "Bearer " + RunningServer.TOKEN),
        Stream.of(headers)).toArray(String[]::new);
    return anonymous(method, path, all);
  }

  HttpResponse<byte[]> download(String assetId, String... headers) throws Exception {
    return bytesOf("GET", "/v1/assets/" + assetId + "/download", headers);
  }

  /** A request without the token (signed links), body kept as bytes. */
  HttpResponse<byte[]> anonymous(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Path tmpDir() {
    return api.home.resolve("tmp");
  }

  Path assetsDir() {
    return api.home.resolve("assets");
  }

  /** Where the fs provider keeps the bytes hashing to {@code sha256}. */
  Path blobPath(String sha256) {
    return assetsDir().resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4))
        .resolve(sha256);
  }

  /** Every regular file under {@code dir} (none when it does not exist), sorted. */
  static List<Path> files(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Waits (briefly) until {@code tmp/} holds no file: a finished or failed upload leaves nothing there. */
  void awaitEmptyTmp() throws Exception {
    await("tmp/ to be empty, it holds " + files(tmpDir()), () -> files(tmpDir()).isEmpty(), Duration.ofSeconds(5));
    assertThat(files(tmpDir())).isEmpty();
  }

  /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeout}. */
  static void await(String what, Callable<Boolean> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** A {@code multipart/form-data} body built part by part, exactly as given (so tests can send broken ones). */
  static final class Multipart {
    final String boundary = "ff-asset-test-" + System.nanoTime();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Multipart field(String name, String value) {
      return text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
          + "\r\n");
    }

    Multipart file(String name, String filename, String type, byte[] bytes) {
      text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
          + "\"\r\nContent-Type: " + type + "\r\n\r\n");
      body.writeBytes(bytes);
      return text("\r\n");
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(body.toByteArray());
      out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    }

    private Multipart text(String s) {
      body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      return this;
    }
  }
}
