package dev.faceforge.verticles.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.commands.JobInputs;
import dev.faceforge.verticles.commands.JobLogLines;
import dev.faceforge.verticles.commands.Outcome;
import dev.faceforge.verticles.jobs.JobCatalog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The runner protocol: out-of-process runners claim queued jobs with a lease, heartbeat, log, report
 * progress and finish them. Every call but claim names the {@code runner_id} holding the job (else 409).
 */
public final class JobRunnerRoutes {
  private final CommandHandler commands;
  private final JobCatalog catalog;

  public JobRunnerRoutes(CommandHandler commands, JobCatalog catalog) {
    this.commands = commands;
    this.catalog = catalog;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("claimJob").addHandler(Reply.handler(this::claim));
    b.getRoute("heartbeatJob").addHandler(Reply.handler(ctx -> held(ctx, (id, body) -> new JobCommand.ExtendLease(
        id, JobInputs.runnerId(body), JobInputs.leaseSeconds(body))).map(o -> Reply.ok(heartbeat(o)))));
    b.getRoute("appendJobLog").addHandler(Reply.handler(ctx -> held(ctx, (id, body) -> new JobCommand.AppendJobLog(
        id, JobInputs.runnerId(body), JobLogLines.parse(body.get("lines")))).map(o -> Reply.ok(new JsonObject()
        .put("job_id", ctx.pathParam("job_id")).put("last_seq", o.document().get("log_count").asLong()).encode()))));
    b.getRoute("reportJobProgress").addHandler(Reply.handler(ctx -> document(held(ctx, (id, body) ->
        new JobCommand.ReportProgress(id, JobInputs.runnerId(body), JobInputs.progress(body))))));
    b.getRoute("completeJob").addHandler(Reply.handler(ctx -> document(held(ctx, (id, body) ->
        new JobCommand.CompleteJob(id, JobInputs.runnerId(body), object(body, "result"), assetIds(body))))));
    b.getRoute("failJob").addHandler(Reply.handler(ctx -> document(held(ctx, (id, body) -> new JobCommand.FailJob(
        id, JobInputs.runnerId(body), JobInputs.text(body, "error", 8000, true), object(body, "result"))))));
    b.getRoute("acknowledgeJobCancel").addHandler(Reply.handler(ctx -> document(held(ctx, (id, body) ->
        new JobCommand.AcknowledgeCancel(id, JobInputs.runnerId(body))))));
  }

  private Future<Reply> claim(RoutingContext ctx) {
    ObjectNode body = Requests.body(ctx);
    String runnerId = JobInputs.runnerId(body);
    List<String> types = JobInputs.claimTypes(body);
    int lease = JobInputs.leaseSeconds(body);
    catalog.offered(types);
    return commands.handle(new JobCommand.ClaimJob(runnerId, types, lease, JobCommand.RUNNER), metadata(ctx, runnerId))
        .map(o -> o.document() == null ? Reply.noContent() : reply(o));
  }

  private Future<Outcome> held(RoutingContext ctx, BiFunction<String, ObjectNode, JobCommand> command) {
    ObjectNode body = Requests.body(ctx);
    return commands.handle(command.apply(ctx.pathParam("job_id"), body),
        metadata(ctx, JobInputs.runnerId(body)));
  }

  private static Future<Reply> document(Future<Outcome> outcome) {
    return outcome.map(JobRunnerRoutes::reply);
  }

  private static Reply reply(Outcome o) {
    return Reply.ok(Outcomes.write(o.document())).etag(o.document().get("version").asLong());
  }

  private static String heartbeat(Outcome o) {
    ObjectNode job = o.document();
    return new JsonObject().put("job_id", job.get("job_id").asText()).put("status", job.get("status").asText())
        .put("lease_until", job.get("lease_until").asText()).put("cancel_requested",
            job.get("cancel_requested").asBoolean()).encode();
  }

  /** Events a runner causes name it as their actor. */
  private static EventMetadata metadata(RoutingContext ctx, String runnerId) {
    return new EventMetadata("runner:" + runnerId, Requests.metadata(ctx).correlationId(), null);
  }

  private static ObjectNode object(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n != null && !n.isNull() && !n.isObject()) {
      throw Problem.invalid(field, "must be an object");
    }
    return n == null || n.isNull() ? null : (ObjectNode) n;
  }

  private static List<String> assetIds(ObjectNode body) {
    List<String> out = new ArrayList<>();
    JsonNode ids = body.path("output_asset_ids");
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).isTextual() || !ids.get(i).asText().matches("^[0-9a-f]{64}$")) {
        throw Problem.invalid("output_asset_ids[" + i + "]", "must be a 64-character lowercase hex id");
      }
      out.add(ids.get(i).asText());
    }
    return out;
  }
}
