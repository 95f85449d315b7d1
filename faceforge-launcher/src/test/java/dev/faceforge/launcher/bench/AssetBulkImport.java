package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bulk import row: {@code POST /v1/assets/bulk-import} of a folder of small distinct files starts a
 * {@code core.bulk_import} job; {@code GET /v1/jobs/{id}} is polled every 5 ms until the job ends. Each round
 * imports a fresh folder (written before the clock starts); afterwards the last folder is imported again,
 * and every file must be skipped.
 */
final class AssetBulkImport {
  private static final int FILE_BYTES = 4096;
  private static final long JOB_DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final Set<String> FINAL = Set.of("succeeded", "failed", "canceled");

  private final BenchConfig cfg;
  private final Report report;
  private final AssetClient client;

  AssetBulkImport(BenchConfig cfg, Report report, AssetClient client) {
    this.cfg = cfg;
    this.report = report;
    this.client = client;
  }

  void run(Path dir) throws Exception {
    int n = cfg.importFiles();
    Measurement m = new Measurement("files/s");
    CpuProfile cpu = null;
    long start = 0;
    long assets = assetCount();
    Path folder = null;
    for (int round = 0; round == 0 || !cfg.enough(m.rounds(), start); round++) {
      folder = writeFolder(dir.resolve("import-" + round), n, 1000 + round);
      if (round == 1) {
        start = System.nanoTime();
        cpu = CpuProfile.start(client.threads);
      } else if (cpu != null) {
        cpu.resume();
      }
      long t0 = System.nanoTime();
      JsonObject job = importFolder(folder);
      long nanos = System.nanoTime() - t0;
      if (cpu != null) {
        cpu.pause();
      }
      assets = expect(job, n, 0, assets);
      if (round > 0) {
        m.round(n, nanos, null);
      }
    }
    String name = "asset bulk import, " + n + " files of 4 KiB";
    report.add(new Row(name, m, Target.minRate(2_000)), cpu.stop(name, m.ops()));
    long t0 = System.nanoTime();
    JsonObject again = importFolder(folder);
    double rerun = n / ((System.nanoTime() - t0) / 1e9);
    expect(again, 0, n, assets);
    report.note(String.format(Locale.ROOT, "bulk import: each round imported a fresh folder of %d distinct 4 KiB "
        + "files (written before the clock started), timed from POST /v1/assets/bulk-import to GET /v1/jobs/{id} "
        + "saying succeeded (polled every 5 ms); every job's result said imported %d, skipped 0, failed 0, and "
        + "GET /v1/assets said exactly %d more assets after each; importing the last folder again skipped all %d "
        + "files (%,.0f files/s) and left the count at %d", n, n, n, n, rerun, assets));
  }

  private static Path writeFolder(Path folder, int n, long seed) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(seed);
    byte[] buf = new byte[FILE_BYTES];
    for (int i = 0; i < n; i++) {
      random.nextBytes(buf);
      Files.write(folder.resolve(String.format(Locale.ROOT, "f%06d.bin", i)), buf);
    }
    return folder;
  }

  /** Starts the import of {@code folder} and polls the job until it ends; answers the job's last document. */
  private JsonObject importFolder(Path folder) throws Exception {
    JsonObject body = new JsonObject().put("path", folder.toAbsolutePath().toString()).put("recursive", false)
        .put("kind", "data.blob");
    String jobId = call(client.api.json(HttpMethod.POST, "/v1/assets/bulk-import", body.toBuffer(), 202))
        .getString("job_id");
    long t0 = System.nanoTime();
    while (true) {
      JsonObject job = call(client.api.json(HttpMethod.GET, "/v1/jobs/" + jobId, null, 200));
      if (FINAL.contains(job.getString("status"))) {
        return job;
      }
      if (System.nanoTime() - t0 > JOB_DEADLINE_NANOS) {
        throw new BenchFailure("bulk import job " + jobId + " has not ended after 10 minutes: " + job.encode());
      }
      Thread.sleep(5);
    }
  }

  /** The job succeeded with these counts and the asset count grew by {@code imported}; answers the new count. */
  private long expect(JsonObject job, int imported, int skipped, long assetsBefore) throws Exception {
    JsonObject result = job.getJsonObject("result");
    if (!"succeeded".equals(job.getString("status")) || result == null
        || result.getInteger("imported", -1) != imported || result.getInteger("skipped", -1) != skipped
        || result.getInteger("failed", -1) != 0) {
      throw new BenchFailure("bulk import expected to succeed with imported " + imported + ", skipped " + skipped
          + ", failed 0; the job says " + job.encode());
    }
    long now = assetCount();
    if (now != assetsBefore + imported) {
      throw new BenchFailure("GET /v1/assets counts " + now + " assets after importing " + imported + " to "
          + assetsBefore);
    }
    return now;
  }

  private long assetCount() throws Exception {
    return call(client.api.json(HttpMethod.GET, "/v1/assets?limit=1", null, 200)).getLong("total");
  }

  /** Waits for one API call; a request unanswered for a minute is a failure, not a hang. */
  private static <T> T call(Future<T> f) {
    try {
      return f.await(1, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new BenchFailure("an API call got no answer within a minute");
    }
  }
}
