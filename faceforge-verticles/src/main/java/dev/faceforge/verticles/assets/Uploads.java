package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.http.Outcomes;
import dev.faceforge.verticles.http.Problem;
import dev.faceforge.verticles.http.Reply;
import dev.faceforge.verticles.http.Requests;
import dev.faceforge.verticles.read.AssetReads;
import dev.faceforge.verticles.read.EntityReads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/**
 * {@code POST /v1/assets/upload}: receive (streamed, hashed) -> check the form and the referenced entity
 * and parent asset -> sniff the type and extract metadata (worker) -> store the bytes -> register the asset.
 * Bytes first, then the event; a failure at any step removes the temp file.
 */
public final class Uploads {
  /** Stores a finished temp file under its hash; answers the asset's {@code storage} record. */
  public interface Store {
    Future<ObjectNode> put(Path tempFile, String sha256, long size, String kind);
  }

  private final Vertx vertx;
  private final Path tmpDir;
  private final CommandHandler commands;
  private final EntityReads entities;
  private final AssetReads assets;
  private final Store store;
  private final java.util.Optional<ExifTool> exiftool;

  public Uploads(Vertx vertx, Path tmpDir, CommandHandler commands, EntityReads entities, AssetReads assets,
                 Store store, java.util.Optional<ExifTool> exiftool) {
    this.exiftool = exiftool;
    this.vertx = vertx;
    this.tmpDir = tmpDir;
    this.commands = commands;
    this.entities = entities;
    this.assets = assets;
    this.store = store;
  }

  Future<Reply> upload(RoutingContext ctx) {
    var metadata = Requests.metadata(ctx);
    return UploadReceiver.receive(vertx, ctx.request(), tmpDir).compose(r -> ingest(r)
        .compose(cmd -> commands.handle(cmd, metadata))
        .map(o -> Outcomes.reply(o, "/v1/assets/", "asset_id"))
        .onFailure(e -> vertx.fileSystem().delete(r.file().toString()).otherwiseEmpty()));
  }

  private Future<dev.faceforge.verticles.commands.AssetCommand.RegisterAsset> ingest(UploadReceiver.Received r) {
    Ingest in;
    try {
      in = Ingest.fromForm(r.form(), r.meta());
    } catch (Problem p) {
      return Future.failedFuture(p); // a failed future, so that the caller's cleanup removes the temp file
    }
    return references(in)
        .compose(x -> vertx.executeBlocking(() -> {
          String mime = MediaInspector.mimeType(r.head(), r.filename());
          return new Object[] {mime, MediaInspector.extract(r.file(), mime, exiftool)};
        }, false))
        .compose(found -> store.put(r.file(), r.sha256(), r.size(), in.kind())
            .map(storage -> in.command(r.sha256(), r.size(), (String) found[0], r.filename(), (ObjectNode) found[1],
                storage)));
  }

  /** Entity and parent asset must exist before bytes are stored (the writer checks again). */
  private Future<Void> references(Ingest in) {
    Future<Void> entity = in.entityId() == null ? Future.succeededFuture()
        : entities.get(in.entityId(), false).map(d -> {
          if (d == null) {
            throw Problem.notFound("no entity " + in.entityId());
          }
          return null;
        });
    return entity.compose(x -> in.derivedFrom() == null ? Future.succeededFuture()
        : assets.get(in.derivedFrom(), false).map(d -> {
          if (d == null) {
            throw Problem.invalid("derived_from_asset_id", "no asset " + in.derivedFrom());
          }
          return null;
        }));
  }
}
