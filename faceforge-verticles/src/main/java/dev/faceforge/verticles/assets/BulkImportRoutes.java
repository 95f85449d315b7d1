package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.AssetDecider;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.Ids;
import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.http.Outcomes;
import dev.faceforge.verticles.http.Problem;
import dev.faceforge.verticles.http.Reply;
import dev.faceforge.verticles.http.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code POST /v1/assets/bulk-import}: checks the directory, then queues a {@code core.bulk_import} job. */
public final class BulkImportRoutes {
  private final Vertx vertx;
  private final CommandHandler commands;

  public BulkImportRoutes(Vertx vertx, CommandHandler commands) {
    this.vertx = vertx;
    this.commands = commands;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("bulkImportAssets").addHandler(Reply.handler(this::start));
  }

  private Future<Reply> start(RoutingContext ctx) {
    ObjectNode body = Requests.body(ctx);
    String kind = body.path("kind").asText(null);
    if (AssetDecider.kindProblem(kind) != null) {
      throw Problem.invalid("kind", AssetDecider.kindProblem(kind));
    }
    Path dir;
    try {
      dir = Path.of(body.path("path").asText(""));
    } catch (InvalidPathException e) {
      throw Problem.invalid("path", "is not a valid path: " + e.getReason());
    }
    if (!dir.isAbsolute()) {
      throw Problem.invalid("path", "must be an absolute path to a directory");
    }
    return vertx.executeBlocking(() -> Files.isDirectory(dir) && Files.isReadable(dir)).compose(ok -> {
      if (!ok) {
        throw Problem.invalid("path", "is not a readable directory: " + dir);
      }
      ObjectNode input = JsonNodeFactory.instance.objectNode().put("path", dir.toString())
          .put("recursive", body.path("recursive").asBoolean(false)).put("kind", kind);
      ObjectNode job = JsonNodeFactory.instance.objectNode();
      job.set("input", input);
      return commands.handle(dev.faceforge.verticles.commands.JobInputs.create(Ids.newId(), BulkImport.TYPE,
          JobCommand.CORE, job), Requests.metadata(ctx));
    }).map(o -> {
      Reply r = Outcomes.reply(o, "/v1/jobs/", "job_id");
      return new Reply(202, r.headers(), r.body());
    });
  }
}
