package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.AssetCommand;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.http.Outcomes;
import dev.faceforge.verticles.http.Problem;
import dev.faceforge.verticles.http.Reply;
import dev.faceforge.verticles.http.Requests;
import dev.faceforge.verticles.read.AssetReads;
import dev.faceforge.verticles.read.EntityReads;
import dev.faceforge.verticles.read.Page;
import dev.faceforge.verticles.read.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Instant;

/** {@code /v1/assets}: read, change, delete, link, list, signed links and downloads; uploads in {@link Uploads}. */
public final class AssetRoutes {
  private static final String BASE = "/v1/assets/";

  private final CommandHandler commands;
  private final AssetReads reads;
  private final EntityReads entities;
  private final Download download;
  private final DownloadTargets targets;
  private final DownloadLinks links;
  private final Uploads uploads;
  private final BlobCollector collector;
  private final Clock clock;

  public AssetRoutes(io.vertx.core.Vertx vertx, CommandHandler commands, AssetReads reads, EntityReads entities,
                     DownloadTargets targets, Download.Source source, DownloadLinks links, Uploads uploads,
                     BlobCollector collector, Clock clock) {
    this.collector = collector;
    this.commands = commands;
    this.reads = reads;
    this.entities = entities;
    this.download = new Download(vertx, source, targets);
    this.targets = targets;
    this.links = links;
    this.uploads = uploads;
    this.clock = clock;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("uploadAsset").setDoValidation(false).addHandler(Reply.handler(uploads::upload));
    b.getRoute("listAssets").addHandler(Reply.handler(ctx -> list(ctx, ctx.request().getParam("entity_id"),
        ctx.request().getParam("derived_from"))));
    b.getRoute("getAsset").addHandler(Reply.handler(ctx -> Requests.document(ctx,
        reads.get(ctx.pathParam("asset_id"), Requests.flag(ctx, "include_deleted")),
        "no asset " + ctx.pathParam("asset_id"))));
    b.getRoute("patchAsset").addHandler(Reply.handler(ctx -> command(ctx, new AssetCommand.PatchAsset(
        ctx.pathParam("asset_id"), Requests.body(ctx), Requests.ifMatch(ctx)))));
    b.getRoute("deleteAsset").addHandler(Reply.handler(ctx -> command(ctx, new AssetCommand.DeleteAsset(
        ctx.pathParam("asset_id"), Requests.ifMatch(ctx))).onSuccess(x -> collector.collect(
            ctx.pathParam("asset_id")))));
    b.getRoute("downloadAsset").addHandler(this::download);
    b.getRoute("headAsset").addHandler(this::download);
    b.getRoute("createAssetLink").addHandler(Reply.handler(this::signedLink));
    b.getRoute("listDerivedAssets").addHandler(Reply.handler(ctx -> requireAsset(ctx.pathParam("asset_id"))
        .compose(x -> list(ctx, null, ctx.pathParam("asset_id")))));
    b.getRoute("listEntityAssets").addHandler(Reply.handler(ctx -> requireEntity(ctx.pathParam("entity_id"))
        .compose(x -> list(ctx, ctx.pathParam("entity_id"), null))));
    b.getRoute("linkAsset").addHandler(Reply.handler(ctx -> command(ctx, new AssetCommand.LinkAsset(
        ctx.pathParam("entity_id"), ctx.pathParam("asset_id"), role(ctx)))));
    b.getRoute("unlinkAsset").addHandler(Reply.handler(ctx -> command(ctx, new AssetCommand.UnlinkAsset(
        ctx.pathParam("entity_id"), ctx.pathParam("asset_id")))));
  }

  private Future<Reply> command(RoutingContext ctx, AssetCommand command) {
    return commands.handle(command, Requests.metadata(ctx)).map(o -> Outcomes.reply(o, BASE, "asset_id"));
  }

  private Future<Reply> list(RoutingContext ctx, String entityId, String derivedFrom) {
    PageRequest page = Requests.page(ctx, "-created_at");
    AssetReads.Filter f = new AssetReads.Filter(ctx.request().getParam("kind"), ctx.request().getParam("mime"),
        entityId, ctx.request().getParam("content_hash"), derivedFrom, Requests.flag(ctx, "include_deleted"));
    return reads.list(f, page).map(Page::toJson).map(Reply::ok);
  }

  private Future<Void> requireAsset(String assetId) {
    return reads.get(assetId, false).map(d -> {
      if (d == null) {
        throw Problem.notFound("no asset " + assetId);
      }
      return null;
    });
  }

  private Future<Void> requireEntity(String entityId) {
    return entities.get(entityId, false).map(d -> {
      if (d == null) {
        throw Problem.notFound("no entity " + entityId);
      }
      return null;
    });
  }

  private void download(RoutingContext ctx) {
    String id = ctx.pathParam("asset_id");
    targets.get(id).compose(target -> {
      if (target == null) {
        throw Problem.notFound("no asset " + id);
      }
      return download.send(ctx.request(), target);
    }).onFailure(e -> {
      if (!ctx.response().headWritten()) {
        Download.withdrawHeaders(ctx.response());
        ctx.fail(e);
      } else {
        ctx.response().reset();
      }
    });
  }

  private Future<Reply> signedLink(RoutingContext ctx) {
    long ttl = 3600;
    if (ctx.body().length() > 0) {
      Integer asked = Requests.body(ctx).path("expires_in_seconds").isInt()
          ? Requests.body(ctx).get("expires_in_seconds").asInt() : null;
      if (asked != null) {
        ttl = Math.min(Math.max(1, asked), DownloadLinks.MAX_TTL_SECONDS);
      }
    }
    long expires = clock.instant().getEpochSecond() + ttl;
    String id = ctx.pathParam("asset_id");
    return requireAsset(id).map(x -> {
      String path = links.path(id, expires);
      String host = ctx.request().authority() == null ? "127.0.0.1" : ctx.request().authority().toString();
      return Reply.json(201, new JsonObject().put("url", ctx.request().scheme() + "://" + host + path)
          .put("path", path).put("expires_at", Instant.ofEpochSecond(expires).toString()).encode());
    });
  }

  private static String role(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return null;
    }
    var role = Requests.body(ctx).get("role");
    return role == null || role.isNull() ? null : role.asText();
  }
}
