package dev.faceforge.verticles.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.EntityCommand;
import dev.faceforge.verticles.commands.Ids;
import dev.faceforge.verticles.read.EntityReads;
import dev.faceforge.verticles.read.Page;
import dev.faceforge.verticles.read.PageRequest;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /v1/entities}: create, read, patch, soft delete, list/search, history, bulk upsert. */
public final class EntityRoutes {
  private static final String BASE = "/v1/entities/";
  private static final int MAX_BULK = 10_000;

  private final CommandHandler commands;
  private final EntityReads reads;

  public EntityRoutes(CommandHandler commands, EntityReads reads) {
    this.commands = commands;
    this.reads = reads;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("listEntities").addHandler(Reply.handler(this::list));
    b.getRoute("createEntity").addHandler(Reply.handler(ctx -> command(ctx,
        new EntityCommand.CreateEntity(Ids.newId(), Requests.body(ctx)))));
    b.getRoute("getEntity").addHandler(Reply.handler(ctx -> Requests.document(ctx,
        reads.get(ctx.pathParam("entity_id"), Requests.flag(ctx, "include_deleted")),
        "no entity " + ctx.pathParam("entity_id"))));
    b.getRoute("patchEntity").addHandler(Reply.handler(ctx -> command(ctx,
        new EntityCommand.PatchEntity(ctx.pathParam("entity_id"), Requests.body(ctx), Requests.ifMatch(ctx)))));
    b.getRoute("deleteEntity").addHandler(Reply.handler(ctx -> command(ctx,
        new EntityCommand.DeleteEntity(ctx.pathParam("entity_id"), Requests.ifMatch(ctx)))));
    b.getRoute("getEntityHistory").addHandler(Reply.handler(this::history));
    b.getRoute("bulkUpsertEntities").addHandler(Reply.handler(this::bulkUpsert));
  }

  private Future<Reply> command(RoutingContext ctx, EntityCommand command) {
    return commands.handle(command, Requests.metadata(ctx)).map(o -> Outcomes.reply(o, BASE, "entity_id"));
  }

  private Future<Reply> list(RoutingContext ctx) {
    String sort = ctx.request().getParam("sort", "-created_at");
    if (!EntityReads.knownSort(sort)) {
      throw Problem.badRequest("sort must be one of display_name, created_at, updated_at (prefix - for descending)");
    }
    PageRequest page = Requests.page(ctx, sort);
    EntityReads.Filter filter = new EntityReads.Filter(sort, ctx.request().getParam("q"),
        ctx.queryParam("tag"), Requests.flag(ctx, "include_deleted"));
    return reads.list(filter, page).map(Page::toJson).map(Reply::ok);
  }

  private Future<Reply> history(RoutingContext ctx) {
    String id = ctx.pathParam("entity_id");
    Integer limit = Requests.integer(ctx, "limit");
    String after = ctx.request().getParam("cursor", ctx.request().getParam("after", "0"));
    long afterPosition;
    try {
      afterPosition = Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw Problem.badRequest("cursor must be a position from next_cursor");
    }
    PageRequest page = PageRequest.of(limit, null, null, null);
    return reads.history(id, afterPosition, page.limit()).map(json -> {
      if (json == null) {
        throw Problem.notFound("no entity " + id);
      }
      return Reply.ok(json);
    });
  }

  private Future<Reply> bulkUpsert(RoutingContext ctx) {
    ObjectNode body = Requests.body(ctx);
    JsonNode items = body.get("items");
    if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BULK) {
      throw Problem.invalid("items", "must be an array of 1-" + MAX_BULK + " entities");
    }
    return commands.handle(new EntityCommand.UpsertEntities((ArrayNode) items), Requests.metadata(ctx))
        .map(o -> Reply.ok(Outcomes.write(o.document())));
  }
}
