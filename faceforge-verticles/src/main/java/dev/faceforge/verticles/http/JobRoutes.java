package dev.faceforge.verticles.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.Ids;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.commands.JobInputs;
import dev.faceforge.verticles.jobs.JobLogStream;
import dev.faceforge.verticles.jobs.Jobs;
import dev.faceforge.verticles.read.Page;
import dev.faceforge.verticles.read.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/** {@code /v1/jobs} for clients: create, list, read, read or follow the log, cancel. */
public final class JobRoutes {
  private static final String BASE = "/v1/jobs/";

  private final CommandHandler commands;
  private final Jobs jobs;

  public JobRoutes(CommandHandler commands, Jobs jobs) {
    this.commands = commands;
    this.jobs = jobs;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("createJob").addHandler(Reply.handler(this::create));
    b.getRoute("listJobs").addHandler(Reply.handler(ctx -> jobs.reads().list(ctx.request().getParam("type"),
        ctx.request().getParam("status"), Requests.page(ctx, "-created_at")).map(Page::toJson).map(Reply::ok)));
    b.getRoute("getJob").addHandler(Reply.handler(ctx -> Requests.document(ctx,
        jobs.reads().get(ctx.pathParam("job_id")), "no job " + ctx.pathParam("job_id"))));
    b.getRoute("getJobLog").addHandler(ctx -> {
      if (Requests.flag(ctx, "follow")) {
        follow(ctx);
      } else {
        Reply.handler(this::logPage).handle(ctx);
      }
    });
    b.getRoute("cancelJob").addHandler(Reply.handler(ctx -> {
      String reason = JobInputs.text(optionalBody(ctx), "reason", 500, false);
      return commands.handle(new JobCommand.CancelJob(ctx.pathParam("job_id"), reason), Requests.metadata(ctx))
          .map(o -> Outcomes.reply(o, BASE, "job_id"));
    }));
  }

  private Future<Reply> create(RoutingContext ctx) {
    ObjectNode body = Requests.body(ctx);
    String type = JobInputs.type(body);
    String executor = jobs.catalog().executorOf(type);
    if (executor == null) {
      List<String> known = jobs.catalog().known();
      throw Problem.invalid("type", "no runner can run " + type + "; known job types: "
          + (known.isEmpty() ? "(none)" : String.join(", ", known)));
    }
    return commands.handle(JobInputs.create(Ids.newId(), type, executor, body), Requests.metadata(ctx))
        .map(o -> Outcomes.reply(o, BASE, "job_id"));
  }

  private Future<Reply> logPage(RoutingContext ctx) {
    String jobId = ctx.pathParam("job_id");
    long after = seq(ctx.request().getParam("cursor"), "cursor");
    int limit = PageRequest.of(Requests.integer(ctx, "limit"), null, null, null).limit();
    return jobs.reads().get(jobId).compose(doc -> {
      if (doc == null) {
        throw Problem.notFound("no job " + jobId);
      }
      long total = new JsonObject(doc.json()).getLong("log_count");
      return jobs.reads().log(jobId, after, limit).map(page -> {
        JsonArray items = new JsonArray();
        page.items().forEach(l -> items.add(new JsonObject(l.json())));
        return Reply.ok(new JsonObject().put("items", items).put("total", total).put("limit", limit)
            .putNull("offset").put("next_cursor", page.more() ? Long.toString(page.lastSeq()) : null).encode());
      });
    });
  }

  private void follow(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    try {
      long after = lastEventId != null ? seq(lastEventId.trim(), "Last-Event-ID")
          : seq(ctx.request().getParam("cursor"), "cursor");
      JobLogStream.follow(ctx, jobs.reads(), ctx.pathParam("job_id"), after, lastEventId != null,
          jobs.settings().sseHeartbeat());
    } catch (Problem p) {
      ctx.fail(p);
    }
  }

  /** A log position: the {@code seq} of the last line the client has (0 or absent: from the start). */
  private static long seq(String value, String name) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    if (!value.matches("\\d{1,18}")) {
      throw Problem.badRequest(name + " must be the seq of a log line");
    }
    return Long.parseLong(value);
  }

  private static ObjectNode optionalBody(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().length() <= 0 ? JsonNodeFactory.instance.objectNode() : Requests.body(ctx);
  }
}
