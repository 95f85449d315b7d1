package dev.faceforge.verticles.http;

import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.Ids;
import dev.faceforge.verticles.commands.RelationshipCommand;
import dev.faceforge.verticles.read.Page;
import dev.faceforge.verticles.read.RelationshipReads;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /v1/relationships} and {@code /v1/relation-types}. */
public final class RelationshipRoutes {
  private static final String BASE = "/v1/relationships/";

  private final CommandHandler commands;
  private final RelationshipReads reads;

  public RelationshipRoutes(CommandHandler commands, RelationshipReads reads) {
    this.commands = commands;
    this.reads = reads;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("listRelationships").addHandler(Reply.handler(ctx -> reads.list(ctx.request().getParam("entity_id"),
        ctx.request().getParam("type"), Requests.page(ctx, "created_at")).map(Page::toJson).map(Reply::ok)));
    b.getRoute("createRelationship").addHandler(Reply.handler(ctx -> command(ctx,
        new RelationshipCommand.RelateEntities(Ids.newId(), Requests.body(ctx)))));
    b.getRoute("getRelationship").addHandler(Reply.handler(ctx -> Requests.document(ctx,
        reads.get(ctx.pathParam("relationship_id")), "no relationship " + ctx.pathParam("relationship_id"))));
    b.getRoute("deleteRelationship").addHandler(Reply.handler(ctx -> command(ctx,
        new RelationshipCommand.RemoveRelationship(ctx.pathParam("relationship_id"), Requests.ifMatch(ctx)))));
    b.getRoute("listRelationTypes").addHandler(Reply.handler(ctx -> {
      Integer limit = Requests.integer(ctx, "limit");
      return reads.types(ctx.request().getParam("query"), limit == null ? 20 : Math.max(1, Math.min(limit, 200)))
          .map(Reply::ok);
    }));
  }

  private Future<Reply> command(RoutingContext ctx, RelationshipCommand command) {
    return commands.handle(command, Requests.metadata(ctx)).map(o -> Outcomes.reply(o, BASE, "relationship_id"));
  }
}
