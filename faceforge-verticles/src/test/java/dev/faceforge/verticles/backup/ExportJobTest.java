package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code core.export} through {@code POST /v1/jobs}: an archive that imports, progress and log lines as it goes. */
class ExportJobTest {
  @TempDir
  Path dir;

  @Test
  void theExportJobWritesAnArchiveThatImports() throws Exception {
    Path original = dir.resolve("original");
    Path archive = dir.resolve("out/backup.zip");
    JsonObject entities;
    JsonObject done;
    try (RunningServer api = RunningServer.start(original)) {
      new Workload().first(api);
      entities = api.read("/v1/entities?include_deleted=true&limit=1000&sort=created_at");
      String id = api.create("/v1/jobs", new JsonObject().put("type", "core.export")
          .put("input", new JsonObject().put("path", archive.toString()))).getString("job_id");

      done = Workload.awaitJob(api, id, "succeeded");

      JsonObject result = done.getJsonObject("result");
      assertThat(result.getString("path")).isEqualTo(archive.toString());
      assertThat(result.getLong("events")).isEqualTo(result.getLong("last_position")).isGreaterThan(30);
      assertThat(result.getInteger("blobs")).isEqualTo(5);
      assertThat(result.getLong("bytes")).isEqualTo(Files.size(archive));
      assertThat(result.getJsonArray("warnings")).isEmpty();
      assertThat(done.getJsonObject("progress").getInteger("percent")).isEqualTo(100);
      assertThat(done.getJsonObject("progress").getJsonObject("counters").getInteger("blobs")).isEqualTo(5);
      List<String> log = messages(api.read("/v1/jobs/" + id + "/log?limit=1000").getJsonArray("items"));
      assertThat(log).first().asString().startsWith("exporting events 1-" + result.getLong("last_position") + " to "
          + archive);
      assertThat(log).last().asString().startsWith("Exported " + result.getLong("events") + " events");
    }

    Path restored = dir.resolve("restored");
    try (BackupTools tools = BackupTools.open(restored)) {
      assertThat(tools.restore(archive).events()).isEqualTo(done.getJsonObject("result").getLong("events"));
    }
    try (RunningServer api = RunningServer.start(restored)) {
      assertThat(api.read("/v1/entities?include_deleted=true&limit=1000&sort=created_at")).isEqualTo(entities);
      // The archive was cut while its own job ran: the restored Core ends that job as interrupted.
      assertThat(api.read("/v1/jobs/" + done.getString("job_id")).getString("status")).isEqualTo("failed");
    }
  }

  @Test
  void withoutAPathTheArchiveGoesToTheHomesBackupsFolder() throws Exception {
    Path home = dir.resolve("home");
    try (RunningServer api = RunningServer.start(home)) {
      api.createEntity("Ada", new JsonObject());
      String id = api.create("/v1/jobs", new JsonObject().put("type", "core.export")).getString("job_id");

      String path = Workload.awaitJob(api, id, "succeeded").getJsonObject("result").getString("path");

      assertThat(Path.of(path)).isRegularFile().hasParent(home.resolve("backups"));
      assertThat(Path.of(path).getFileName().toString()).matches("faceforge-\\d{8}-\\d{6}\\.zip");
      assertThat(ArchiveReader.open(Path.of(path)).manifest().events().count()).isEqualTo(3);
    }
  }

  @Test
  void anExistingFileOrARelativePathFailsTheJob() throws Exception {
    Path existing = Files.writeString(dir.resolve("taken.zip"), "mine");
    try (RunningServer api = RunningServer.start(dir.resolve("home"))) {
      String first = api.create("/v1/jobs", new JsonObject().put("type", "core.export")
          .put("input", new JsonObject().put("path", existing.toString()))).getString("job_id");
      String second = api.create("/v1/jobs", new JsonObject().put("type", "core.export")
          .put("input", new JsonObject().put("path", "relative.zip"))).getString("job_id");

      assertThat(Workload.awaitJob(api, first, "failed").getString("error"))
          .isEqualTo("input.path: " + existing + " already exists; choose a new file for the archive");
      assertThat(Workload.awaitJob(api, second, "failed").getString("error"))
          .isEqualTo("input.path must be the absolute path of the archive to write (got \"relative.zip\")");
    }
    assertThat(existing).hasContent("mine");
  }

  private static List<String> messages(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("message")).toList();
  }
}
