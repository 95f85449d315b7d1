package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import cut short by a stop resumes when Core starts again and imports every file once; the start removes
 * the temp files that the stop (or a crash) left in {@code tmp/}, and only those.
 */
class BulkImportRestartTest {
  static final int FILES = 600;

  @TempDir
  Path home;
  @TempDir
  Path dir;

  @Test
  void anImportStoppedMidwayResumesAfterARestart() throws Exception {
    for (int i = 0; i < FILES; i++) {
      Files.writeString(dir.resolve(String.format("r%05d.txt", i)), "resume me " + i);
    }
    String jobId;
    try (RunningServer first = RunningServer.start(home)) {
      HttpResponse<String> r = first.post("/v1/assets/bulk-import", new JsonObject().put("path", dir.toString())
          .put("kind", "doc.resume"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      jobId = first.json(r).getString("job_id");
      AssetHttp.await("the import to be under way", () -> first.read("/v1/jobs/" + jobId).getJsonObject("progress")
          .getValue("percent") instanceof Number n && n.doubleValue() > 0, Duration.ofSeconds(30));
    }

    Path crashed = Files.writeString(home.resolve("tmp").resolve("upload-crashed.part"), "half an upload");
    Path foreign = Files.writeString(home.resolve("tmp").resolve("someone-elses.txt"), "not ours");

    try (RunningServer second = RunningServer.start(home)) {
      assertThat(crashed).doesNotExist();
      assertThat(foreign).hasContent("not ours");
      Files.delete(foreign);
      AssetHttp.await("the resumed import to finish", () -> !second.read("/v1/jobs/" + jobId).getString("status")
          .matches("queued|running"), Duration.ofSeconds(60));
      JsonObject job = second.read("/v1/jobs/" + jobId);

      assertThat(job.getString("status")).as(job.encode()).isEqualTo("succeeded");
      assertThat(messages(second, jobId)).as("the second start resumed it")
          .anyMatch(m -> m.startsWith("resuming: " + FILES + " files"));
      JsonObject result = job.getJsonObject("result");
      assertThat(result.getInteger("total")).isEqualTo(FILES);
      assertThat(result.getInteger("failed")).isZero();
      assertThat(result.getInteger("imported") + result.getInteger("skipped")).isEqualTo(FILES);
      assertThat(second.read("/v1/assets?kind=doc.resume").getLong("total")).isEqualTo((long) FILES);
      new AssetHttp(second).awaitEmptyTmp();
    }
  }

  /** Every message of the job's log, page by page. */
  private static List<String> messages(RunningServer api, String jobId) throws Exception {
    List<String> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = api.read("/v1/jobs/" + jobId + "/log?limit=1000"
          + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("items").forEach(line -> out.add(((JsonObject) line).getString("message")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return out;
  }
}
