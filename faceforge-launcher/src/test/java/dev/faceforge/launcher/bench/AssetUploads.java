package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The upload row: {@code POST /v1/assets/upload} of the large file (multipart, streamed from the page cache,
 * 256 KiB writes with back-pressure), against {@code openssl dgst -sha256} of the same file, run right before
 * each upload round (the upload has to hash the bytes too, and write them to disk). Each round first deletes
 * the previous round's asset and waits for its blob to go, so every upload stores the bytes anew. A second
 * reference, also right before each upload, is the disk's part alone: the file written to a new file in the
 * blob store's folder in 256 KiB writes and fsynced, as an upload must before it answers.
 */
final class AssetUploads {
  private static final int CHUNK = 256 * 1024;

  private final BenchConfig cfg;
  private final Report report;
  private final BenchServer server;
  private final AssetClient client;
  private final Path home;
  private boolean directCopy;

  AssetUploads(BenchConfig cfg, Report report, BenchServer server, AssetClient client, Path home) {
    this.cfg = cfg;
    this.report = report;
    this.server = server;
    this.client = client;
    this.home = home;
  }

  /** Runs the rows; answers the id (= SHA-256) of the asset left stored for the download rows. */
  String run(AssetFile file) throws Exception {
    Measurement openssl = new Measurement("MiB/s");
    Measurement disk = new Measurement("MiB/s");
    Measurement upload = new Measurement("MiB/s");
    String sha = Openssl.available() ? null : javaSha256(file.path());
    String id = null;
    CpuProfile cpu = null;
    long start = 0;
    for (int round = 0; round == 0 || !cfg.enough(upload.rounds(), start); round++) {
      if (Openssl.available()) {
        sha = opensslRound(file, sha, round > 0 ? openssl : null);
      }
      if (id != null) {
        deleteAndWait(id);
      }
      durableCopy(file, round > 0 ? disk : null);
      if (round == 1) {
        start = System.nanoTime();
        cpu = CpuProfile.start(client.threads);
      } else if (cpu != null) {
        cpu.resume();
      }
      String expected = sha;
      LoadDriver.Run run = client.driver.run(1, 1, i -> upload(file, expected));
      if (cpu != null) {
        cpu.pause();
      }
      id = verifyStored(sha, file.size());
      if (round > 0) {
        upload.round(file.mib(), run.nanos(), null);
      }
    }
    addRows(file, openssl, disk, upload, cpu, sha);
    return id;
  }

  /**
   * A new file for the durable copy: with direct I/O, as uploads write where the file system takes it (the
   * mapping's slices are page-aligned and the file is whole MiB), else through the page cache.
   */
  private FileChannel open(Path copy) throws IOException {
    try {
      FileChannel direct = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          com.sun.nio.file.ExtendedOpenOption.DIRECT);
      directCopy = true;
      return direct;
    } catch (IOException | UnsupportedOperationException e) {
      Files.deleteIfExists(copy);
      directCopy = false;
      return FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /** Writes the file to a new file beside the blobs and fsyncs it, timed into {@code m} unless null; then deletes it. */
  private void durableCopy(AssetFile file, Measurement m) throws IOException {
    Path dir = home.resolve("assets");
    Files.createDirectories(dir);
    Path copy = dir.resolve("bench-durable-copy.tmp");
    long t0 = System.nanoTime();
    try (FileChannel out = open(copy)) {
      for (long at = 0; at < file.size(); at += CHUNK) {
        ByteBuffer b = file.nioSlice(at, (int) Math.min(CHUNK, file.size() - at));
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    }
    long nanos = System.nanoTime() - t0;
    if (Files.size(copy) != file.size()) {
      throw new BenchFailure("the durable copy " + copy + " has " + Files.size(copy) + " bytes, not " + file.size());
    }
    Files.delete(copy);
    if (m != null) {
      m.round(file.mib(), nanos, null);
    }
  }

  /** Times openssl on the file (recorded in {@code m} unless null); it must print the same hash every time. */
  private static String opensslRound(AssetFile file, String previous, Measurement m) throws Exception {
    long t0 = System.nanoTime();
    String hash = Openssl.sha256(file.path());
    long nanos = System.nanoTime() - t0;
    if (previous != null && !previous.equals(hash)) {
      throw new BenchFailure("openssl printed " + hash + " for the file it hashed as " + previous + " before");
    }
    if (m != null) {
      m.round(file.mib(), nanos, null);
    }
    return hash;
  }

  private void addRows(AssetFile file, Measurement openssl, Measurement disk, Measurement upload, CpuProfile cpu,
                       String sha) {
    String ref = "openssl dgst -sha256, " + file.mib() + " MiB file (reference)";
    double opensslRate = Double.NaN;
    if (Openssl.available()) {
      Row row = new Row(ref, openssl, Target.none());
      report.add(row, CpuProfile.noProfile(ref, "another process"));
      opensslRate = Stats.median(openssl.rates());
    } else {
      report.add(Row.notRun(ref, Openssl.NOT_FOUND), CpuProfile.noProfile(ref, "not run"));
    }
    String diskRef = "durable write of the " + file.mib() + " MiB file: 256 KiB " + (directCopy ? "direct " : "")
        + "writes + fsync, no hash, no HTTP (reference)";
    report.add(new Row(diskRef, disk, Target.none()), CpuProfile.noProfile(diskRef, "the benchmark's own thread"));
    String name = "asset upload, multipart, " + file.mib() + " MiB file, concurrency 1";
    report.add(new Row(name, upload, Target.shareOf(0.6, "openssl", opensslRate)), cpu.stop(name, upload.ops()));
    report.note(String.format(java.util.Locale.ROOT, "asset upload: %.0f%% of the durable write's median MiB/s"
        + " (what this disk allows a stored upload), %.0f%% of openssl's", 100 * Stats.median(upload.rates())
        / Stats.median(disk.rates()), 100 * Stats.median(upload.rates()) / opensslRate));
    report.note("asset upload: each round sent the " + file.mib() + " MiB file (page-cached, as openssl reads it) "
        + "after deleting the previous round's asset and waiting for its blob to go; every answer was 201 with "
        + "asset_id = content_hash = the SHA-256 " + (Openssl.available() ? "openssl printed" : "of the file")
        + " (" + sha.substring(0, 12) + "…) and size_bytes " + file.size() + ", and the blob on disk had that size");
  }

  /** One upload on the client's event loop; fails unless the answer is the expected asset. */
  private Future<Void> upload(AssetFile file, String sha) {
    String boundary = "ffbench" + Long.toHexString(System.nanoTime());
    Buffer pre = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
        + "model.lora\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    Buffer post = Buffer.buffer("\r\n--" + boundary + "--\r\n");
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(server.port()).setURI("/v1/assets/upload")
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + server.token())
        .putHeader(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(pre.length() + file.size() + post.length()));
    return client.http.request(options).compose(req -> {
      // the answer's handlers first, in this event-loop task: the server may answer before the last write
      Future<Void> answer = req.response().compose(resp -> resp.body().map(body -> {
        check(resp.statusCode(), body, sha, file.size());
        return null;
      }));
      req.write(pre);
      send(req, file, 0, post);
      return answer;
    });
  }

  /** Writes the file from {@code from} while the connection takes it, then the closing boundary. */
  private static void send(HttpClientRequest req, AssetFile file, long from, Buffer post) {
    long at = from;
    while (at < file.size() && !req.writeQueueFull()) {
      int n = (int) Math.min(CHUNK, file.size() - at);
      req.write(file.slice(at, n));
      at += n;
    }
    if (at < file.size()) {
      long next = at;
      req.drainHandler(v -> send(req, file, next, post));
    } else {
      req.end(post);
    }
  }

  private static void check(int status, Buffer body, String sha, long size) {
    if (status != 201) {
      throw new BenchFailure("upload answered " + status + " (expected 201): " + body);
    }
    JsonObject asset = body.toJsonObject();
    if (!sha.equals(asset.getString("asset_id")) || !sha.equals(asset.getString("content_hash"))
        || asset.getLong("size_bytes") != size) {
      throw new BenchFailure("upload answered asset " + asset.getString("asset_id") + " (hash "
          + asset.getString("content_hash") + ", " + asset.getLong("size_bytes") + " bytes), expected " + sha
          + " and " + size + " bytes");
    }
  }

  /** The stored blob has the file's size; answers the asset id. */
  private String verifyStored(String id, long size) throws IOException {
    Path blob = blob(id);
    if (!Files.isRegularFile(blob) || Files.size(blob) != size) {
      throw new BenchFailure("after the upload, the blob " + blob + " is missing or not " + size + " bytes");
    }
    return id;
  }

  private void deleteAndWait(String id) throws InterruptedException {
    client.api.raw(HttpMethod.DELETE, "/v1/assets/" + id, null, 204).await();
    Path blob = blob(id);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (Files.exists(blob)) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("the blob " + blob + " is still there 120 s after DELETE /v1/assets/" + id);
      }
      Thread.sleep(20);
    }
  }

  private Path blob(String id) {
    return home.resolve("assets").resolve("sha256").resolve(id.substring(0, 2)).resolve(id.substring(2, 4))
        .resolve(id);
  }

  private static String javaSha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (var in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
