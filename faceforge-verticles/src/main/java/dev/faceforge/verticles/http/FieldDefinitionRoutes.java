package dev.faceforge.verticles.http;

import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.FieldDefinitionCommand;
import dev.faceforge.verticles.read.FieldDefinitionReads;
import dev.faceforge.verticles.read.Page;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code /v1/admin/field-defs}: define, read, change and remove field definitions. */
public final class FieldDefinitionRoutes {
  private static final String BASE = "/v1/admin/field-defs/";

  private final CommandHandler commands;
  private final FieldDefinitionReads reads;

  public FieldDefinitionRoutes(CommandHandler commands, FieldDefinitionReads reads) {
    this.commands = commands;
    this.reads = reads;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("listFieldDefs").addHandler(Reply.handler(ctx -> reads.list(ctx.request().getParam("scope"),
        Requests.page(ctx, "field_key")).map(Page::toJson).map(Reply::ok)));
    b.getRoute("createFieldDef").addHandler(Reply.handler(ctx -> command(ctx,
        new FieldDefinitionCommand.DefineField(Requests.body(ctx)))));
    b.getRoute("getFieldDef").addHandler(Reply.handler(ctx -> Requests.document(ctx,
        reads.get(ctx.pathParam("field_key")), "no field definition " + ctx.pathParam("field_key"))));
    b.getRoute("patchFieldDef").addHandler(Reply.handler(ctx -> command(ctx,
        new FieldDefinitionCommand.ChangeFieldDefinition(ctx.pathParam("field_key"), Requests.body(ctx),
            Requests.ifMatch(ctx)))));
    b.getRoute("deleteFieldDef").addHandler(Reply.handler(ctx -> command(ctx,
        new FieldDefinitionCommand.RemoveFieldDefinition(ctx.pathParam("field_key"), Requests.ifMatch(ctx)))));
  }

  private Future<Reply> command(RoutingContext ctx, FieldDefinitionCommand command) {
    return commands.handle(command, Requests.metadata(ctx)).map(o -> Outcomes.reply(o, BASE, "field_key"));
  }
}
