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

/**
 * Imports one file of a bulk import: copy + hash + sniff (worker), resolve the sidecar's entity, skip when
 * the same bytes are already an asset with that link, else store the bytes and register the asset.
 */
public final class ImportPipeline {
  private final Vertx vertx;
  private final Path tmpDir;
  private final CommandHandler commands;
  private final EntityReads entities;
  private final AssetReads assets;
  private final BlobAccess blobs;
  private final java.util.Optional<ExifTool> exiftool;

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

  Sidecars sidecars(EventMetadata metadata) {
    return new Sidecars(commands, entities, metadata);
  }

  /** Imports {@code file}; answers {@code "imported <id>"} or {@code "skipped <id>"}. */
  Future<String> importOne(Sidecars sidecars, EventMetadata metadata, Path file, String kind) {
    return vertx.executeBlocking(() -> ImportFile.prepare(file, tmpDir, exiftool), false).compose(f -> sidecars
        .entity(f.sidecar())
        .compose(entityId -> assets.get(f.sha256(), false).compose(existing -> {
          if (existing != null && linked(existing.json(), entityId)) {
            return vertx.fileSystem().delete(f.temp().toString()).map("skipped " + f.sha256());
          }
          Ingest in = new Ingest(f.kind(kind), entityId, entityId == null ? null : f.role(), null, f.sidecar());
          return blobs.put(f.temp(), f.sha256(), f.size(), in.kind())
              .compose(storage -> commands.handle(in.command(f.sha256(), f.size(), f.mimeType(),
                  file.getFileName().toString(), f.extracted(), storage), metadata))
              .map("imported " + f.sha256());
        }))
        .onFailure(e -> vertx.fileSystem().delete(f.temp().toString()).otherwiseEmpty()));
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
