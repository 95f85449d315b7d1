package dev.faceforge.verticles.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.jobs.JobContext;
import dev.faceforge.verticles.jobs.JobExecutor;
import dev.faceforge.verticles.jobs.JobResult;
import dev.faceforge.verticles.storage.BlobStores;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code core.export}: the backup archive of the running Core, as a job. Input {@code {"path": "/abs/file.zip"}}
 * (a file that must not exist yet) or nothing, for {@code <home>/backups/faceforge-<UTC timestamp>.zip}. The
 * {@link Exporter} runs on a dedicated worker (one export at a time; it may take long), reporting log
 * lines and progress; the result is {@code {path, events, last_position, blobs, blob_bytes, bytes,
 * warnings}}. Cancel stops it between steps and removes the partial archive.
 */
public final class ExportJob implements JobExecutor {
  public static final String TYPE = "core.export";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final HomeLayout layout;
  private final BlobStores stores;
  private final Clock clock;

  public ExportJob(HomeLayout layout, BlobStores stores, Clock clock) {
    this.layout = layout;
    this.stores = stores;
    this.clock = clock;
  }

  @Override
  public Future<JobResult> run(JobContext ctx) {
    Path target;
    try {
      target = target(ctx.input().get("path"));
    } catch (BackupException e) {
      return Future.failedFuture(e);
    }
    JobProgress progress = new JobProgress(ctx);
    WorkerExecutor worker = ctx.vertx().createSharedWorkerExecutor("faceforge-backup", 1, 24, TimeUnit.HOURS);
    Exporter exporter = new Exporter(ctx.vertx(), layout, stores, clock);
    return worker.executeBlocking(() -> exporter.export(target, OptionalLong.empty(), progress), true)
        .eventually(worker::close)
        .compose(summary -> progress.finish(summary.line()).map(x -> JobResult.of(result(summary))),
            e -> progress.finish(null).transform(x -> Future.failedFuture(e)));
  }

  private Path target(JsonNode path) {
    if (path == null || path.isNull()) {
      Path dir = layout.home().resolve("backups");
      String stamp = STAMP.format(clock.instant());
      Path file = dir.resolve("faceforge-" + stamp + ".zip");
      for (int i = 2; Files.exists(file); i++) {
        file = dir.resolve("faceforge-" + stamp + "-" + i + ".zip");
      }
      return file;
    }
    if (!path.isTextual() || path.asText().isBlank() || !Path.of(path.asText()).isAbsolute()) {
      throw new BackupException("input.path must be the absolute path of the archive to write (got " + path + ")");
    }
    Path file = Path.of(path.asText()).normalize();
    if (Files.exists(file)) {
      throw new BackupException("input.path: " + file + " already exists; choose a new file for the archive");
    }
    return file;
  }

  private static ObjectNode result(Exporter.Summary summary) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("path", summary.path().toString());
    result.put("events", summary.events());
    result.put("last_position", summary.lastPosition());
    result.put("blobs", summary.blobs());
    result.put("blob_bytes", summary.blobBytes());
    result.put("bytes", summary.bytes());
    ArrayNode warnings = result.putArray("warnings");
    summary.warnings().forEach(warnings::add);
    return result;
  }
}
