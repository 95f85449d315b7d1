package dev.faceforge.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The asset rows, on a server of their own: a large multipart upload against {@code openssl dgst -sha256} of the
 * same file ({@link AssetUploads}), full and 1 MiB random-range downloads against nginx serving the same file
 * with sendfile ({@link AssetDownloads}), and a bulk import of many small files as a job ({@link
 * AssetBulkImport}). Without nginx or openssl their reference rows say so and FaceForge's rows still run.
 */
final class AssetBench {
  private final BenchConfig cfg;
  private final Report report;

  AssetBench(BenchConfig cfg, Report report) {
    this.cfg = cfg;
    this.report = report;
  }

  void run(Path dir) throws Exception {
    Path files = Files.createDirectories(dir.resolve("asset-files"));
    report.progress("writing a " + cfg.assetMiB() + " MiB random file under " + files);
    AssetFile file = AssetFile.write(files.resolve("big.bin"), cfg.assetMiB(), 7);
    Path home = dir.resolve("assets-home");
    // nginx serves FaceForge's blob store: both servers send the very same file (see AssetDownloads)
    Optional<Nginx> nginx = Nginx.start(dir.resolve("nginx"), home.resolve("assets"));
    try (BenchServer server = BenchServer.start(home); AssetClient client = new AssetClient(server)) {
      report.note(nginx.map(n -> "reference: " + n.version() + " (sendfile on, worker_processes auto, access_log "
          + "off) on 127.0.0.1:" + n.port() + ", serving FaceForge's stored blob of the large file: the same file")
          .orElse(Nginx.NOT_FOUND));
      String id = new AssetUploads(cfg, report, server, client, home).run(file);
      new AssetDownloads(cfg, report, client, file, id).run(server, nginx);
      new AssetBulkImport(cfg, report, client).run(dir);
    } finally {
      nginx.ifPresent(Nginx::close);
    }
  }
}
