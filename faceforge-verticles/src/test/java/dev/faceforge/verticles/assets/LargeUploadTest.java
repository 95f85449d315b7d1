package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that an upload is never held in memory: a server in a child JVM with a 256 MiB heap takes a
 * 4 GiB upload, generated on the fly and hashed as it is sent, and answers with exactly that hash and size.
 */
class LargeUploadTest {
  static final long SIZE = 4L << 30;
  static final long NEEDED_DISK = 10L << 30;

  @TempDir
  Path home;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void fourGibibyteUploadIntoA256MibHeapIsStreamedAndHashed() throws Exception {
    long free = Files.getFileStore(home).getUsableSpace();
    assumeTrue(free > NEEDED_DISK, "needs more than 10 GiB free for a 4 GiB upload, has " + (free >> 20) + " MiB");
    Path output = home.resolveSibling(home.getFileName() + "-server.log");
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), LargeUploadServer.class.getName(), home.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      String base = "http://127.0.0.1:" + port(child, output);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      GeneratedUpload body = new GeneratedUpload(SIZE, 0x5eed);

      long started = System.nanoTime();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/assets/upload"))
          .header("Authorization", "Bearer " + RunningServer.TOKEN)
          .header("Content-Type", "multipart/form-data; boundary=" + GeneratedUpload.BOUNDARY)
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build(), HttpResponse.BodyHandlers.ofString());
      double seconds = (System.nanoTime() - started) / 1e9;

      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      JsonObject asset = new JsonObject(r.body());
      System.out.printf("LargeUploadTest: %d MiB in %.1f s = %.0f MB/s%n", SIZE >> 20, seconds, SIZE / 1e6 / seconds);
      assertThat(body.sent()).isEqualTo(SIZE);
      assertThat(asset.getString("asset_id")).isEqualTo(body.sha256());
      assertThat(asset.getString("content_hash")).isEqualTo(body.sha256());
      assertThat(asset.getLong("size_bytes")).isEqualTo(SIZE);
      assertThat(asset.getString("mime_type")).isEqualTo("application/octet-stream");
      assertThat(AssetHttp.files(home.resolve("tmp"))).isEmpty();

      HttpResponse<byte[]> tail = http.send(request(base + "/v1/assets/" + body.sha256() + "/download")
          .header("Range", "bytes=-16").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(tail.statusCode()).isEqualTo(206);
      assertThat(tail.body()).isEqualTo(body.tail());

      HttpResponse<String> deleted = http.send(request(base + "/v1/assets/" + body.sha256()).DELETE().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
      AssetHttp.await("the 4 GiB blob to be removed", () -> files(home.resolve("assets")) == 0,
          Duration.ofSeconds(60));
    } finally {
      child.getOutputStream().close(); // the child stops its server and exits
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(output);
    }
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + RunningServer.TOKEN);
  }

  private static long files(Path dir) throws Exception {
    return AssetHttp.files(dir).size();
  }

  /** Waits for the child's {@code PORT <n>} line. */
  private static int port(Process child, Path output) throws Exception {
    Pattern line = Pattern.compile("^PORT (\\d+)$", Pattern.MULTILINE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(Files.readString(output));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(child.isAlive()).as("the server child is running: %s", Files.readString(output)).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("the server child never printed its port: " + Files.readString(output));
  }

  /**
   * A multipart body with a {@code kind} field and one file part of {@code size} deterministic pseudo-random
   * bytes (xorshift64*), generated a block at a time as the client reads it, and hashed on the way.
   */
  static final class GeneratedUpload extends InputStream {
    static final String BOUNDARY = "ff-large-" + Long.toHexString(0x9e3779b97f4a7c15L);
    private final byte[] prefix = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
        + "model.checkpoint\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"checkpoint.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    private final byte[] suffix = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    private final long size;
    private final MessageDigest digest;
    private final byte[] block = new byte[1 << 20];
    private final ByteBuffer longs = ByteBuffer.wrap(block);
    private final byte[] tail = new byte[16];
    private long state;
    private long generated;
    private int blockPos;
    private int blockLen;
    private int prefixPos;
    private int suffixPos;
    private String hash;

    GeneratedUpload(long size, long seed) throws Exception {
      this.size = size;
      this.state = seed;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (prefixPos < prefix.length) {
        int n = Math.min(len, prefix.length - prefixPos);
        System.arraycopy(prefix, prefixPos, b, off, n);
        prefixPos += n;
        return n;
      }
      if (blockPos == blockLen && generated < size) {
        refill();
      }
      if (blockPos < blockLen) {
        int n = Math.min(len, blockLen - blockPos);
        System.arraycopy(block, blockPos, b, off, n);
        blockPos += n;
        return n;
      }
      if (suffixPos < suffix.length) {
        int n = Math.min(len, suffix.length - suffixPos);
        System.arraycopy(suffix, suffixPos, b, off, n);
        suffixPos += n;
        return n;
      }
      return -1;
    }

    private void refill() {
      int n = (int) Math.min(block.length, size - generated);
      for (int i = 0; i < n; i += 8) {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        longs.putLong(i, state * 0x2545F4914F6CDD1DL);
      }
      digest.update(block, 0, n);
      generated += n;
      blockPos = 0;
      blockLen = n;
      if (generated == size) {
        System.arraycopy(block, n - tail.length, tail, 0, tail.length);
      }
    }

    long sent() {
      return generated;
    }

    /** The hash of every byte of the file part; call once all of it was read. */
    String sha256() {
      if (hash == null) {
        hash = HexFormat.of().formatHex(digest.digest());
      }
      return hash;
    }

    byte[] tail() {
      return Arrays.copyOf(tail, tail.length);
    }
  }
}
