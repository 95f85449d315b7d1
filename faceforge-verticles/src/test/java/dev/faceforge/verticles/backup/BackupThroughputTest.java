package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures export, import and verify on a workload of a chosen size; off unless
 * {@code -Dfaceforge.backup.bench=true} (sizes: {@code faceforge.backup.entities}, {@code .blobs},
 * {@code .blobMb}). Prints the summaries; asserts only that the round trip is complete.
 */
@EnabledIfSystemProperty(named = "faceforge.backup.bench", matches = "true")
class BackupThroughputTest {
  @TempDir
  Path dir;

  /** Flushes dirty pages first (where {@code sync} exists), so one phase's writeback does not slow the next. */
  private static void settle() throws Exception {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (java.io.IOException e) {
      // no sync here: measure as is
    }
  }

  @Test
  void measure() throws Exception {
    int entities = Integer.getInteger("faceforge.backup.entities", 100_000);
    int blobs = Integer.getInteger("faceforge.backup.blobs", 100);
    int blobMb = Integer.getInteger("faceforge.backup.blobMb", 10);
    Path original = dir.resolve("original");
    long started = System.nanoTime();
    try (RunningServer api = RunningServer.start(original)) {
      for (int done = 0; done < entities; done += 1_000) {
        JsonArray items = new JsonArray();
        for (int i = done; i < Math.min(entities, done + 1_000); i++) {
          items.add(new JsonObject().put("display_name", "Entity " + i).put("tags", new JsonArray().add("bench"))
              .put("external_ids", new JsonObject().put("stash", "s" + i)));
        }
        Workload.expect(api.post("/v1/entities/bulk-upsert", new JsonObject().put("items", items)), 200);
      }
      Path files = Files.createDirectories(dir.resolve("files"));
      byte[] block = new byte[1 << 20];
      Random random = new Random(1);
      for (int b = 0; b < blobs; b++) {
        try (OutputStream out = Files.newOutputStream(files.resolve("clip-" + b + ".bin"))) {
          for (int m = 0; m < blobMb; m++) {
            random.nextBytes(block);
            out.write(block);
          }
        }
      }
      String job = api.json(api.post("/v1/assets/bulk-import", new JsonObject().put("path", files.toString())
          .put("kind", "video.original"))).getString("job_id");
      for (int i = 0; i < 6000 && !api.read("/v1/jobs/" + job).getString("status").equals("succeeded"); i++) {
        Thread.sleep(100);
      }
      System.out.printf("workload: %d entities, %d blobs of %d MB, log position %d, built in %.1f s%n", entities, blobs,
          blobMb, api.logPosition(), (System.nanoTime() - started) / 1e9);
    }
    Path archive = dir.resolve("backup.zip");
    settle();
    try (BackupTools tools = BackupTools.open(original)) {
      Exporter.Summary exported = tools.export(archive);
      System.out.println(exported.line());
      assertThat(exported.blobs()).isEqualTo(blobs);
      settle();
      Verifier.Report report = tools.verify();
      System.out.println("verify original: " + report.line());
    }
    Path restored = dir.resolve("restored");
    settle();
    try (BackupTools tools = BackupTools.open(restored)) {
      Importer.Summary imported = tools.restore(archive);
      System.out.println(imported.line());
      assertThat(imported.blobs()).isEqualTo(blobs);
    }
  }
}
