package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

/**
 * The asset rows: a large multipart upload against {@code openssl dgst -sha256} of the same file, full and
 * 1 MiB random-range downloads against nginx (sendfile) serving the same file, and a bulk import of many
 * small files as a job. Every answer is checked: the asset id is the SHA-256 openssl printed, every
 * download has the right status, Content-Range, byte count and first bytes, the import counts every file.
 */
final class AssetBench {
  private static final long MIB = 1024 * 1024;
  private static final int RANGE_CONCURRENCY = BenchConfig.CONCURRENCY;

  private final BenchConfig cfg;
  private final Report report;

  AssetBench(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  void run(Path dir) throws Exception {
    Path files = Files.createDirectories(dir.resolve("asset-files"));
    Path big = files.resolve("big.bin");
    long size = cfg.assetMiB() * MIB;
    report.progress("writing a " + cfg.assetMiB() + " MiB random file " + big);
    writeRandom(big, size, 7);
    Path home = dir.resolve("assets-home");
    try (BenchServer server = BenchServer.start(home);
         Nginx nginx = Nginx.start(dir.resolve("nginx"), files, report)) {
      Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Api api = new Api(clientVertx, server.port(), server.token(), BenchConfig.CONCURRENCY);
      HttpClientAgent client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
          .setTcpNoDelay(true).setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(RANGE_CONCURRENCY));
      try {
        LoadDriver driver = new LoadDriver(clientVertx);
        Set<Long> clientThreads = Set.of(driver.thread().getId());
        String id = upload(server, home, api, big, size, clientThreads);
        downloads(server, nginx, client, driver, clientThreads, id, big, size);
        bulkImport(dir, api, clientThreads);
      } finally {
        client.close().await();
        api.close();
        clientVertx.close().await();
      }
    }
  }

  // ---------------------------------------------------------------- upload

  private String upload(BenchServer server, Path home, Api api, Path big, long size, Set<Long> clientThreads)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long mib = size / MIB;
    Measurement openssl = new Measurement("MiB/s");
    Measurement up = new Measurement("MiB/s");
    boolean haveOpenssl = true;
    String id = null;
    String expected = null;
    long start = 0;
    CpuProfile cpu = null;
    for (int round = 0; ; round++) {
      if (round == 1) {
        start = System.nanoTime();
        cpu = CpuProfile.start(clientThreads);
      }
      // openssl on the same file, same run, right before the upload round
      long t0 = System.nanoTime();
      String hash = haveOpenssl ? openssl(big) : null;
      long opensslNanos = System.nanoTime() - t0;
      if (hash == null) {
        if (haveOpenssl) {
          report.note("openssl not found on PATH: the upload row is reported without its ratio to openssl");
        }
        haveOpenssl = false;
        hash = expected != null ? expected : javaSha256(big);
      } else if (round > 0) {
        openssl.round(mib, opensslNanos, null);
      }
      if (expected != null && !expected.equals(hash)) {
        throw new BenchFailure("openssl printed " + hash + " after printing " + expected + " for the same file");
      }
      expected = hash;
      if (id != null) {
        deleteAndWait(api, home, id);
      }
      long u0 = System.nanoTime();
      id = uploadOnce(http, server, big, expected);
      long uploadNanos = System.nanoTime() - u0;
      if (round > 0) {
        up.round(mib, uploadNanos, null);
        if (cfg.enough(up.rounds(), start)) {
          break;
        }
      }
    }
    Target target = Target.none();
    if (haveOpenssl) {
      double sha = Stats.median(openssl.rates());
      Row ref = new Row("openssl dgst -sha256, " + mib + " MiB file (reference)", openssl, Target.none());
      report.add(ref, CpuProfile.noProfile(ref.name(), "another process"));
      target = Target.minRate(0.6 * sha);
    }
    String name = "asset upload, multipart " + mib + " MiB (≥ 60% of openssl)";
    Row row = new Row(name, up, target);
    report.add(row, cpu.stop(name, up.ops()));
    report.note("asset upload: each round uploads the same " + mib + " MiB file (page-cached, like openssl's read) "
        + "after deleting the previous round's asset and waiting for its blob to go; every answer was 201/200 "
        + "with asset_id = content_hash = the SHA-256 openssl printed (" + expected.substring(0, 12) + "…)");
    return id;
  }

  private String uploadOnce(HttpClient http, BenchServer server, Path big, String sha) throws Exception {
    String boundary = "ffbench" + Long.toHexString(System.nanoTime());
    String pre = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmodel.lora\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    String post = "\r\n--" + boundary + "--\r\n";
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/assets/upload"))
        .header("Authorization", "Bearer " + server.token())
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .timeout(Duration.ofMinutes(10))
        .POST(BodyPublishers.concat(BodyPublishers.ofString(pre), BodyPublishers.ofFile(big),
            BodyPublishers.ofString(post)))
        .build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 201 && resp.statusCode() != 200) {
      throw new BenchFailure("upload answered " + resp.statusCode() + ": " + resp.body());
    }
    JsonObject asset = new JsonObject(resp.body());
    String id = asset.getString("asset_id");
    if (!sha.equals(id) || !sha.equals(asset.getString("content_hash"))
        || asset.getLong("size_bytes") != Files.size(big)) {
      throw new BenchFailure("upload answered asset " + id + " (hash " + asset.getString("content_hash") + ", "
          + asset.getLong("size_bytes") + " bytes), expected " + sha);
    }
    return id;
  }

  private void deleteAndWait(Api api, Path home, String id) throws InterruptedException {
    api.raw(HttpMethod.DELETE, "/v1/assets/" + id, null, 204).await();
    Path blob = home.resolve("assets").resolve("sha256").resolve(id.substring(0, 2)).resolve(id.substring(2, 4))
        .resolve(id);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (Files.exists(blob)) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("the blob " + blob + " is still there 120 s after DELETE");
      }
      Thread.sleep(20);
    }
  }

  private static String openssl(Path file) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("openssl", "dgst", "-sha256", file.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || !out.contains("= ")) {
      throw new BenchFailure("openssl dgst failed: " + out);
    }
    return out.substring(out.lastIndexOf("= ") + 2).trim();
  }

  private static String javaSha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void writeRandom(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] buf = new byte[(int) Math.min(size, MIB)];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
  }

  // ---------------------------------------------------------------- downloads

  private void downloads(BenchServer server, Nginx nginx, HttpClientAgent client, LoadDriver driver,
                         Set<Long> clientThreads, String id, Path big, long size) throws IOException {
    try (FileChannel file = FileChannel.open(big, StandardOpenOption.READ)) {
      Source ff = new Source(server.port(), "/v1/assets/" + id + "/download", "Bearer " + server.token());
      long mib = size / MIB;
      double nginxFull = Double.NaN;
      double nginxRange = Double.NaN;
      if (nginx != null) {
        Source ng = new Source(nginx.port(), "/" + big.getFileName(), null);
        nginxFull = full("nginx sendfile: full GET of " + mib + " MiB", Target.none(), ng, client, driver,
            clientThreads, file, size);
        nginxRange = ranges("nginx sendfile: 1 MiB random ranges, concurrency " + RANGE_CONCURRENCY, Target.none(),
            ng, client, driver, clientThreads, file, size);
      }
      full("asset download: full GET of " + mib + " MiB (≥ 90% of nginx)",
          Double.isNaN(nginxFull) ? Target.none() : Target.minRate(0.9 * nginxFull), ff, client, driver,
          clientThreads, file, size);
      ranges("asset download: 1 MiB random ranges, concurrency " + RANGE_CONCURRENCY + " (≥ 90% of nginx)",
          Double.isNaN(nginxRange) ? Target.none() : Target.minRate(0.9 * nginxRange), ff, client, driver,
          clientThreads, file, size);
      report.note("downloads: every full GET answered 200 with exactly " + size + " bytes; every range request "
          + "answered 206 with Content-Range bytes a-b/" + size + ", exactly 1 MiB, and its first 16 bytes equal "
          + "the file's at that offset");
    }
  }

  /** Where a download goes: FaceForge's download route (with the token) or nginx's static file. */
  private record Source(int port, String uri, String auth) {
  }

  private double full(String name, Target target, Source src, HttpClientAgent client, LoadDriver driver,
                      Set<Long> clientThreads, FileChannel file, long size) {
    Measurement m = new Measurement("MiB/s");
    long start = 0;
    CpuProfile cpu = null;
    for (int round = 0; ; round++) {
      if (round == 1) {
        start = System.nanoTime();
        cpu = CpuProfile.start(clientThreads);
      }
      LoadDriver.Run run = driver.run(1, 1, i -> fetch(client, src, -1, file, size));
      if (round > 0) {
        m.round(size / MIB, run.nanos(), null);
        if (cfg.enough(m.rounds(), start)) {
          break;
        }
      }
    }
    Row row = new Row(name, m, target);
    report.add(row, cpu.stop(name, m.ops()));
    return Stats.median(m.rates());
  }

  private double ranges(String name, Target target, Source src, HttpClientAgent client, LoadDriver driver,
                        Set<Long> clientThreads, FileChannel file, long size) {
    Random random = new Random(11);
    Measurement m = new Measurement("req/s");
    long start = 0;
    CpuProfile cpu = null;
    int count = cfg.rangeRequests();
    for (int round = 0; ; round++) {
      if (round == 1) {
        start = System.nanoTime();
        cpu = CpuProfile.start(clientThreads);
      }
      long[] offsets = new long[count];
      for (int i = 0; i < count; i++) {
        offsets[i] = (long) (random.nextDouble() * (size - MIB + 1));
      }
      LoadDriver.Run run = driver.run(count, RANGE_CONCURRENCY, i -> fetch(client, src, offsets[i], file, size));
      if (round > 0) {
        m.round(run.count(), run.nanos(), run.latencyNanos());
        if (cfg.enough(m.rounds(), start)) {
          break;
        }
      }
    }
    Row row = new Row(name, m, target);
    report.add(row, cpu.stop(name, m.ops()));
    return Stats.median(m.rates());
  }

  /**
   * One GET, counting the body as it streams (never holding it): the whole file when {@code from < 0}, else
   * the MiB from {@code from}. Checks status, Content-Range, the byte count and the first 16 bytes.
   */
  private static Future<Long> fetch(HttpClientAgent client, Source src, long from, FileChannel file, long size) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (src.auth() != null) {
      headers.add(HttpHeaders.AUTHORIZATION, src.auth());
    }
    long to = from < 0 ? size - 1 : from + MIB - 1;
    if (from >= 0) {
      headers.add("Range", "bytes=" + from + "-" + to);
    }
    long first = Math.max(0, from);
    long expectedBytes = to - first + 1;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(src.port()).setURI(src.uri()).setHeaders(headers);
    return client.request(options).compose(req -> req.send()).compose(resp -> {
      int want = from < 0 ? 200 : 206;
      if (resp.statusCode() != want) {
        return resp.body().compose(b -> Future.failedFuture(new BenchFailure("GET " + src.uri() + " answered "
            + resp.statusCode() + " (expected " + want + "): " + b)));
      }
      if (from >= 0) {
        String range = resp.getHeader("Content-Range");
        String expected = "bytes " + from + "-" + to + "/" + size;
        if (!expected.equals(range)) {
          return Future.failedFuture(new BenchFailure("GET " + src.uri() + " Content-Range " + range + ", expected "
              + expected));
        }
      }
      Promise<Long> done = Promise.promise();
      long[] n = {0};
      byte[] head = new byte[16];
      resp.handler(b -> {
        if (n[0] < head.length) {
          int k = (int) Math.min(head.length - n[0], b.length());
          b.getBytes(0, k, head, (int) n[0]);
        }
        n[0] += b.length();
      });
      resp.exceptionHandler(done::tryFail);
      resp.endHandler(v -> {
        if (n[0] != expectedBytes) {
          done.tryFail(new BenchFailure("GET " + src.uri() + " sent " + n[0] + " bytes, expected " + expectedBytes));
          return;
        }
        try {
          ByteBuffer want16 = ByteBuffer.allocate(16);
          file.read(want16, first);
          if (!Arrays.equals(want16.array(), head)) {
            done.tryFail(new BenchFailure("GET " + src.uri() + " at " + first + " sent other bytes than the file"));
            return;
          }
        } catch (IOException e) {
          done.tryFail(e);
          return;
        }
        done.tryComplete(n[0]);
      });
      return done.future();
    });
  }

  // ---------------------------------------------------------------- bulk import

  private void bulkImport(Path dir, Api api, Set<Long> clientThreads) throws Exception {
    int n = cfg.importFiles();
    Measurement m = new Measurement("files/s");
    long start = 0;
    CpuProfile cpu = null;
    for (int round = 0; ; round++) {
      Path folder = Files.createDirectories(dir.resolve("import-" + round));
      Random random = new Random(1000 + round);
      byte[] buf = new byte[4096];
      for (int i = 0; i < n; i++) {
        random.nextBytes(buf);
        Files.write(folder.resolve(String.format("f%06d.bin", i)), buf);
      }
      if (round == 1) {
        start = System.nanoTime();
        cpu = CpuProfile.start(clientThreads);
      }
      long t0 = System.nanoTime();
      JsonObject job = api.json(HttpMethod.POST, "/v1/assets/bulk-import",
          new JsonObject().put("path", folder.toAbsolutePath().toString()).put("kind", "data.blob").toBuffer(), 202)
          .await();
      String jobId = job.getString("job_id");
      while (true) {
        job = api.json(HttpMethod.GET, "/v1/jobs/" + jobId, null, 200).await();
        String status = job.getString("status");
        if ("succeeded".equals(status)) {
          break;
        }
        if (System.nanoTime() - t0 > 120_000_000_000L) {
          throw new BenchFailure("bulk import job " + jobId + " not done after 120 s: " + job.encode());
        }
        if (Set.of("failed", "canceled").contains(status)) {
          throw new BenchFailure("bulk import job " + jobId + " ended " + status + ": " + job.encode());
        }
        Thread.sleep(5);
      }
      long nanos = System.nanoTime() - t0;
      JsonObject result = job.getJsonObject("result");
      if (result == null || result.getInteger("imported", -1) != n || result.getInteger("failed", -1) != 0
          || result.getInteger("skipped", -1) != 0) {
        throw new BenchFailure("bulk import of " + n + " files finished with " + job.encode());
      }
      if (round > 0) {
        m.round(n, nanos, null);
        if (cfg.enough(m.rounds(), start)) {
          break;
        }
      }
    }
    String name = "asset bulk import, " + n + " files of 4 KiB";
    Row row = new Row(name, m, Target.minRate(2_000));
    report.add(row, cpu.stop(name, m.ops()));
    report.note("bulk import: each round imports a fresh folder of " + n + " distinct 4 KiB files (written before "
        + "the clock starts); timed from POST /v1/assets/bulk-import to GET /v1/jobs/{id} saying succeeded (polled "
        + "every 5 ms); every job's result said imported " + n + ", skipped 0, failed 0");
  }
}
