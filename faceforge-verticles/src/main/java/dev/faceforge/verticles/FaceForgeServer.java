package dev.faceforge.verticles;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running FaceForge Core: the event store, its single writer, the read pool and the HTTP server.
 * (Signature fixed early so the launcher can be written against it; the body lands with the spine.)
 */
public final class FaceForgeServer {
  private FaceForgeServer() {
  }

  /** Opens the store under {@code settings.layout()}, starts the HTTP server, completes when it listens. */
  public static Future<FaceForgeServer> start(Vertx vertx, ServerSettings settings) {
    throw new UnsupportedOperationException("lands with the spine");
  }

  /** The port the HTTP server actually listens on (useful with port 0). */
  public int actualPort() {
    throw new UnsupportedOperationException("lands with the spine");
  }

  /** Stops the HTTP server, drains the writer, closes the store. */
  public Future<Void> close() {
    throw new UnsupportedOperationException("lands with the spine");
  }
}
