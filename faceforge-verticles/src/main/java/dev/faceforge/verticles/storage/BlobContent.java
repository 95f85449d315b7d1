package dev.faceforge.verticles.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;

/**
 * The bytes {@code [offset, offset + length)} of a blob, ready to send. The filesystem store answers
 * with a {@link LocalFile}, which HTTP sends zero-copy ({@code sendFile(path, offset, length)}); the S3
 * store answers with a {@link Streamed} body whose {@link ReadStream} honours pause/resume/fetch, so
 * a slow client slows the S3 download instead of filling memory. A {@code Streamed} body holds an open
 * connection: consume it, or cancel it with {@code stream.handler(null)}.
 */
public sealed interface BlobContent permits BlobContent.LocalFile, BlobContent.Streamed {

  long offset();

  long length();

  /**
   * Writes the body and ends {@code response}; status and headers must be set before. The future
   * completes when the last byte is written (or fails when the client went away).
   */
  Future<Void> sendTo(HttpServerResponse response);

  /** A range of a local file: send it with {@code sendFile}, no byte passes through the JVM heap. */
  record LocalFile(Path path, long offset, long length) implements BlobContent {
    @Override
    public Future<Void> sendTo(HttpServerResponse response) {
      return response.sendFile(path.toString(), offset, length);
    }
  }

  /** A range streamed from a remote store, back-pressured. */
  record Streamed(ReadStream<Buffer> stream, long offset, long length) implements BlobContent {
    @Override
    public Future<Void> sendTo(HttpServerResponse response) {
      return response.send(stream);
    }
  }
}
