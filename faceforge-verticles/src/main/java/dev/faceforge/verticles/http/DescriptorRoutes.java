package dev.faceforge.verticles.http;

import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.DescriptorCommand;
import dev.faceforge.verticles.commands.Ids;
import dev.faceforge.verticles.read.DescriptorReads;
import dev.faceforge.verticles.read.EntityReads;
import dev.faceforge.verticles.read.Page;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Descriptors: listed and recorded under an entity, read/changed/removed by id. */
public final class DescriptorRoutes {
  private static final String BASE = "/v1/descriptors/";

  private final CommandHandler commands;
  private final DescriptorReads reads;
  private final EntityReads entities;

  public DescriptorRoutes(CommandHandler commands, DescriptorReads reads, EntityReads entities) {
    this.commands = commands;
    this.reads = reads;
    this.entities = entities;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("listDescriptors").addHandler(Reply.handler(this::list));
    b.getRoute("createDescriptor").addHandler(Reply.handler(ctx -> command(ctx,
        new DescriptorCommand.RecordDescriptor(Ids.newId(), ctx.pathParam("entity_id"), Requests.body(ctx)))));
    b.getRoute("getDescriptor").addHandler(Reply.handler(ctx -> Requests.document(ctx,
        reads.get(ctx.pathParam("descriptor_id")), "no descriptor " + ctx.pathParam("descriptor_id"))));
    b.getRoute("patchDescriptor").addHandler(Reply.handler(ctx -> command(ctx,
        new DescriptorCommand.ChangeDescriptor(ctx.pathParam("descriptor_id"), Requests.body(ctx),
            Requests.ifMatch(ctx)))));
    b.getRoute("deleteDescriptor").addHandler(Reply.handler(ctx -> command(ctx,
        new DescriptorCommand.RemoveDescriptor(ctx.pathParam("descriptor_id"), Requests.ifMatch(ctx)))));
  }

  private Future<Reply> command(RoutingContext ctx, DescriptorCommand command) {
    return commands.handle(command, Requests.metadata(ctx)).map(o -> Outcomes.reply(o, BASE, "descriptor_id"));
  }

  private Future<Reply> list(RoutingContext ctx) {
    String entityId = ctx.pathParam("entity_id");
    String at = ctx.request().getParam("at");
    if (at != null && !validInstant(at)) {
      throw Problem.badRequest("at must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
    }
    var page = Requests.page(ctx, "created_at");
    return entities.get(entityId, false).compose(e -> {
      if (e == null) {
        throw Problem.notFound("no entity " + entityId);
      }
      return reads.list(entityId, ctx.request().getParam("key"), at, page);
    }).map(Page::toJson).map(Reply::ok);
  }

  private static boolean validInstant(String s) {
    try {
      if (s.length() == 10) {
        LocalDate.parse(s);
      } else {
        OffsetDateTime.parse(s);
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
