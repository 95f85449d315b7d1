package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.read.AssetReads;
import dev.faceforge.verticles.read.EntityReads;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Imports the files of a bulk import a batch at a time: copy + hash + sniff on worker threads (a few files
 * per task), one query for which of the batch's contents are already assets, then for each file: resolve
 * the sidecar's entity, skip it when the same bytes are already an asset with that link, else store the
 * bytes and register the asset. Each file's asset is registered only after its bytes are stored, in its own
 * writer unit (a failing file fails alone); the batch's units reach the writer together, so group commit
 * turns them into few transactions.
 */
public final class ImportPipeline {
  /** Files prepared by one worker task: enough to amortise the hand-offs, few enough to spread over cores. */
  static final int FILES_PER_TASK = 8;

  private final Vertx vertx;
  private final Path tmpDir;
  private final CommandHandler commands;
  private final EntityReads entities;
  private final AssetReads assets;
  private final BlobAccess blobs;
  private final java.util.Optional<ExifTool> exiftool;
  private volatile boolean stopping;

  public ImportPipeline(Vertx vertx, Path tmpDir, CommandHandler commands, EntityReads entities, AssetReads assets,
                        BlobAccess blobs, java.util.Optional<ExifTool> exiftool) {
    this.exiftool = exiftool;
    this.vertx = vertx;
    this.tmpDir = tmpDir;
    this.commands = commands;
    this.entities = entities;
    this.assets = assets;
    this.blobs = blobs;
  }

  /**
   * Core is stopping: worker tasks still running prepare no further file (each would leave a temp file that
   * nothing stores, possibly after the next start in this JVM has swept {@code tmp/}). The job resumes then.
   */
  public Future<Void> stop() {
    stopping = true;
    return Future.succeededFuture();
  }

  Sidecars sidecars(EventMetadata metadata) {
    return new Sidecars(commands, entities, metadata);
  }

  /**
   * Imports {@code files}; answers one outcome per file, in order: {@code "imported <id>"},
   * {@code "skipped <id>"} or that file's failure. The returned future itself never fails.
   */
  Future<List<AsyncResult<String>>> importBatch(Sidecars sidecars, EventMetadata metadata, List<Path> files,
                                                String kind) {
    return prepare(files).compose(prepared -> known(prepared).transform(known -> {
      List<Future<String>> each = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        Future<ImportFile> f = known.failed() && prepared.get(i).succeeded()
            ? removeTemp(prepared.get(i).result()).transform(x -> Future.failedFuture(known.cause()))
            : prepared.get(i);
        each.add(f.compose(file -> importOne(sidecars, metadata, file, kind, known.result())));
      }
      return Future.join(each).transform(x -> Future.succeededFuture(List.<AsyncResult<String>>copyOf(each)));
    }));
  }

  /** Copies, hashes and sniffs every file on worker threads, a few files per task; a failure is its file's. */
  private Future<List<Future<ImportFile>>> prepare(List<Path> files) {
    List<Future<List<Future<ImportFile>>>> tasks = new ArrayList<>();
    for (int from = 0; from < files.size(); from += FILES_PER_TASK) {
      List<Path> chunk = files.subList(from, Math.min(files.size(), from + FILES_PER_TASK));
      tasks.add(vertx.executeBlocking(() -> chunk.stream().map(this::prepareOne).toList(), false));
    }
    return Future.join(tasks).transform(all -> {
      List<Future<ImportFile>> out = new ArrayList<>(files.size());
      for (int t = 0; t < tasks.size(); t++) {
        if (tasks.get(t).succeeded()) {
          out.addAll(tasks.get(t).result());
        } else { // an Error escaped prepareOne: the task's files fail with it
          while (out.size() < Math.min(files.size(), (t + 1) * FILES_PER_TASK)) {
            out.add(Future.failedFuture(tasks.get(t).cause()));
          }
        }
      }
      return Future.succeededFuture(out);
    });
  }

  private Future<ImportFile> prepareOne(Path file) {
    if (stopping) {
      return Future.failedFuture(new IllegalStateException("Core is stopping"));
    }
    try {
      return Future.succeededFuture(ImportFile.prepare(file, tmpDir, exiftool));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** The documents of the live assets that some prepared file's bytes already are. */
  private Future<Map<String, String>> known(List<Future<ImportFile>> prepared) {
    List<String> hashes = prepared.stream().filter(Future::succeeded).map(f -> f.result().sha256()).distinct()
        .toList();
    return assets.liveDocs(hashes);
  }

  private Future<String> importOne(Sidecars sidecars, EventMetadata metadata, ImportFile f, String kind,
                                   Map<String, String> known) {
    return sidecars.entity(f.sidecar()).compose(entityId -> {
      String existing = known.get(f.sha256());
      if (existing != null && linked(existing, entityId)) {
        return removeTemp(f).map("skipped " + f.sha256());
      }
      Ingest in = new Ingest(f.kind(kind), entityId, entityId == null ? null : f.role(), null, f.sidecar());
      return blobs.put(f.temp(), f.sha256(), f.size(), in.kind())
          .compose(storage -> commands.handle(in.command(f.sha256(), f.size(), f.mimeType(),
              f.source().getFileName().toString(), f.extracted(), storage), metadata))
          .map("imported " + f.sha256());
    }).onFailure(e -> removeTemp(f));
  }

  private Future<Void> removeTemp(ImportFile f) {
    return vertx.fileSystem().delete(f.temp().toString()).otherwiseEmpty();
  }

  private static boolean linked(String assetJson, String entityId) {
    if (entityId == null) {
      return true;
    }
    JsonNode doc = Download.parse(assetJson);
    for (JsonNode id : doc.withArray("linked_entity_ids")) {
      if (id.asText().equals(entityId)) {
        return true;
      }
    }
    return false;
  }

  /** Per-job tallies and the log line of each file. Used from one event loop only. */
  static final class Counters {
    private int imported;
    private int skipped;
    private int failed;

    JobLogLine record(Path file, AsyncResult<String> ar) {
      ObjectNode data = JsonNodeFactory.instance.objectNode().put("file", file.toString());
      if (ar.failed()) {
        failed++;
        String reason = ar.cause().getMessage() == null ? ar.cause().toString() : ar.cause().getMessage();
        return new JobLogLine("error", "failed " + file.getFileName() + ": " + reason, data, null);
      }
      String[] outcome = ar.result().split(" ", 2);
      data.put("asset_id", outcome[1]);
      if (outcome[0].equals("skipped")) {
        skipped++;
        return new JobLogLine("info", "skipped " + file.getFileName() + " (already imported)", data, null);
      }
      imported++;
      return new JobLogLine("info", "imported " + file.getFileName(), data, null);
    }

    int processed() {
      return imported + skipped + failed;
    }

    ObjectNode json(int total) {
      return JsonNodeFactory.instance.objectNode().put("total", total).put("imported", imported)
          .put("skipped", skipped).put("failed", failed);
    }
  }
}
