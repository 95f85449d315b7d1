package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Receives a multipart upload without holding it in memory: the {@code file} part is streamed into a
 * temp file under {@code tmp/} while it is hashed; a companion {@code meta} part (or any part whose
 * filename ends in {@code _meta.json}) is read as a JSON object (max 1 MiB). On any failure — including
 * the client going away mid-upload — the temp file is deleted.
 */
final class UploadReceiver {
  static final long MAX_META_BYTES = 1024 * 1024;

  /** A fully received upload: the hashed temp file, its original name, the form fields and the metadata. */
  record Received(Path file, String sha256, long size, String filename, byte[] head, ObjectNode meta,
                  MultiMap form) {
  }

  private final Vertx vertx;
  private final HttpServerRequest req;
  private final Path temp;
  private final Promise<Received> result = Promise.promise();
  private Future<Void> filePiped;
  private HashingFileWriter writer;
  private String filename;
  private Buffer meta;

  private UploadReceiver(Vertx vertx, HttpServerRequest req, Path tmpDir) {
    this.vertx = vertx;
    this.req = req;
    this.temp = tmpDir.resolve("upload-" + UUID.randomUUID() + ".part");
  }

  /** Starts receiving; must be called synchronously in the route (before the body starts flowing). */
  static Future<Received> receive(Vertx vertx, HttpServerRequest req, Path tmpDir) {
    return new UploadReceiver(vertx, req, tmpDir).start();
  }

  private Future<Received> start() {
    req.setExpectMultipart(true);
    req.uploadHandler(this::part);
    req.exceptionHandler(e -> fail(Problem.badRequest("the upload was interrupted: " + e.getMessage())));
    req.end().onSuccess(x -> finish()).onFailure(e -> fail(Problem.badRequest("the upload was interrupted")));
    req.resume();
    // the body bypasses BodyHandler, which answers this for every other route (curl waits 1 s for it otherwise)
    if ("100-continue".equalsIgnoreCase(req.getHeader("Expect")) && req.version() != HttpVersion.HTTP_1_0) {
      req.response().writeContinue();
    }
    return result.future().onFailure(e -> removeTemp());
  }

  /** Deletes the temp file once nothing writes to it any more (Windows cannot delete an open file). */
  private void removeTemp() {
    if (!req.isEnded()) {
      req.response().putHeader("Connection", "close");
    }
    Future<Void> settled = filePiped == null ? Future.succeededFuture() : filePiped.otherwiseEmpty();
    // end() closes the file (Windows cannot delete an open one); after a finished pipe it answers the same future.
    settled.compose(x -> writer == null ? Future.succeededFuture() : writer.end()).otherwiseEmpty()
        .compose(x -> vertx.fileSystem().delete(temp.toString()))
        .otherwiseEmpty();
  }

  private void part(HttpServerFileUpload upload) {
    String name = upload.name();
    if (result.future().isComplete()) {
      upload.handler(chunk -> { }); // already refused (and the temp file removed): drain, store nothing more
    } else if ("file".equals(name) && filePiped == null) {
      filename = upload.filename();
      upload.pause();
      filePiped = HashingFileWriter.create(vertx, temp).compose(w -> {
        writer = w;
        return upload.pipeTo(w);
      });
      filePiped.onFailure(e -> fail(e));
    } else if ("meta".equals(name) || upload.filename().endsWith("_meta.json")) {
      Buffer b = Buffer.buffer();
      meta = b;
      upload.handler(chunk -> {
        if (b.length() + chunk.length() > MAX_META_BYTES) {
          fail(new Problem(413, "payload-too-large", "Payload too large", "_meta.json is larger than 1 MiB",
              java.util.List.of()));
        } else {
          b.appendBuffer(chunk);
        }
      });
    } else {
      upload.handler(chunk -> { });
      fail(Problem.badRequest("unexpected part '" + name + "': send one 'file' part and optionally a 'meta' part"));
    }
  }

  private void finish() {
    if (filePiped == null) {
      fail(Problem.badRequest("the multipart body has no 'file' part"));
      return;
    }
    filePiped.onSuccess(x -> {
      if (writer.size() == 0) {
        fail(Problem.badRequest("the file is empty"));
        return;
      }
      try {
        result.tryComplete(new Received(temp, writer.sha256(), writer.size(), filename, writer.head(), parseMeta(),
            req.formAttributes()));
      } catch (Problem p) {
        fail(p);
      }
    });
  }

  private ObjectNode parseMeta() {
    if (meta == null || meta.length() == 0) {
      return null;
    }
    try {
      JsonNode n = DomainEvents.MAPPER.readTree(meta.getBytes());
      if (n == null || !n.isObject()) {
        throw Problem.badRequest("_meta.json must be a JSON object");
      }
      return (ObjectNode) n;
    } catch (java.io.IOException e) {
      throw Problem.badRequest("_meta.json is not valid JSON");
    }
  }

  private void fail(Throwable e) {
    result.tryFail(e);
  }
}
