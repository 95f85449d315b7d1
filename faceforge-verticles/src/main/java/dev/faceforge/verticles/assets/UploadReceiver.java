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
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Receives a multipart upload without holding it in memory: the body goes through a {@link MultipartParser};
 * the {@code file} part is streamed into a temp file under {@code tmp/} while it is hashed; a companion
 * {@code meta} part (or any file part whose filename ends in {@code _meta.json}) is read as a JSON object (max
 * 1 MiB); plain fields (max {@value #MAX_FIELD_BYTES} bytes, {@value #MAX_FIELDS} of them) become the form.
 * On any failure — including the client going away mid-upload — the temp file is deleted.
 */
final class UploadReceiver implements MultipartParser.Parts {
  static final long MAX_META_BYTES = 1024 * 1024;
  static final int MAX_FIELD_BYTES = 8192;
  static final int MAX_FIELDS = 256;

  /** A fully received upload: the hashed temp file, its original name, the form fields and the metadata. */
  record Received(Path file, String sha256, long size, String filename, byte[] head, ObjectNode meta,
                  MultiMap form) {
  }

  private enum Target { FILE, META, FIELD }

  private final Vertx vertx;
  private final HttpServerRequest req;
  private final Path temp;
  private final Promise<Received> result = Promise.promise();
  private final MultiMap form = MultiMap.caseInsensitiveMultiMap();
  private Future<HashingFileWriter> opened;
  private HashingFileWriter writer;
  private MultipartParser parser;
  private Future<Void> fileWritten;
  private String filename;
  private Target target;
  private Buffer meta;
  private String fieldName;
  private ByteArrayOutputStream field;

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
    String boundary = MultipartParser.boundary(req.getHeader(HttpHeaders.CONTENT_TYPE));
    if (boundary == null) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      return Future.failedFuture(Problem.badRequest("expected multipart/form-data with a boundary"));
    }
    parser = new MultipartParser(boundary, this);
    req.pause();
    req.exceptionHandler(e -> fail(Problem.badRequest("the upload was interrupted: " + e.getMessage())));
    req.end().onSuccess(x -> finish()).onFailure(e -> fail(Problem.badRequest("the upload was interrupted")));
    req.handler(this::chunk);
    // the body bypasses BodyHandler, which answers this for every other route (curl waits 1 s for it otherwise)
    if ("100-continue".equalsIgnoreCase(req.getHeader("Expect")) && req.version() != HttpVersion.HTTP_1_0) {
      req.response().writeContinue();
    }
    opened = HashingFileWriter.create(vertx, temp).onSuccess(w -> {
      writer = w;
      w.exceptionHandler(this::fail);
      req.resume();
    }).onFailure(this::fail);
    return result.future().onFailure(e -> removeTemp());
  }

  /** Deletes the temp file once nothing writes to it any more (Windows cannot delete an open file). */
  private void removeTemp() {
    if (!req.isEnded()) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      req.resume(); // read the rest and ignore it (chunk() does), so the error can be answered
    }
    opened.compose(HashingFileWriter::end).otherwiseEmpty()
        .compose(x -> vertx.fileSystem().delete(temp.toString()))
        .otherwiseEmpty();
  }

  private void chunk(Buffer chunk) {
    if (result.future().isComplete()) {
      return; // already refused (and the temp file removed): drain, store nothing more
    }
    try {
      parser.feed(chunk);
    } catch (RuntimeException e) { // a Problem for malformed input (anything else is a bug: a 500)
      fail(e);
      return;
    }
    if (writer.writeQueueFull()) {
      req.pause();
      writer.drainHandler(v -> req.resume());
    }
  }

  @Override
  public void begin(String name, String partFilename, String contentType) {
    if (partFilename == null) {
      if (form.size() >= MAX_FIELDS) {
        throw Problem.badRequest("more than " + MAX_FIELDS + " form fields");
      }
      target = Target.FIELD;
      fieldName = name;
      field = new ByteArrayOutputStream();
    } else if ("file".equals(name) && filename == null) {
      target = Target.FILE;
      filename = partFilename;
    } else if ("meta".equals(name) || partFilename.endsWith("_meta.json")) {
      target = Target.META;
      meta = Buffer.buffer();
    } else {
      throw Problem.badRequest("unexpected part '" + name + "': send one 'file' part and optionally a 'meta' part");
    }
  }

  @Override
  public void data(byte[] bytes, int offset, int length) {
    switch (target) {
      case FILE -> writer.write(bytes, offset, length);
      case META -> {
        if (meta.length() + length > MAX_META_BYTES) {
          throw new Problem(413, "payload-too-large", "Payload too large", "_meta.json is larger than 1 MiB",
              List.of());
        }
        meta.appendBytes(bytes, offset, length);
      }
      default -> {
        if (field.size() + length > MAX_FIELD_BYTES) {
          throw Problem.badRequest("the form field '" + fieldName + "' is longer than " + MAX_FIELD_BYTES + " bytes");
        }
        field.write(bytes, offset, length);
      }
    }
  }

  @Override
  public void end() {
    if (target == Target.FILE) {
      fileWritten = writer.end();
    } else if (target == Target.FIELD) {
      form.add(fieldName, field.toString(StandardCharsets.UTF_8));
    }
    target = null;
  }

  private void finish() {
    if (result.future().isComplete()) {
      return;
    }
    if (!parser.finished()) {
      fail(Problem.badRequest("the multipart body ended before its closing boundary"));
      return;
    }
    if (fileWritten == null) {
      fail(Problem.badRequest("the multipart body has no 'file' part"));
      return;
    }
    fileWritten.onFailure(this::fail).onSuccess(x -> {
      if (writer.size() == 0) {
        fail(Problem.badRequest("the file is empty"));
        return;
      }
      try {
        result.tryComplete(new Received(temp, writer.sha256(), writer.size(), filename, writer.head(), parseMeta(),
            form));
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
