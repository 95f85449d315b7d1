package dev.faceforge.verticles.backup;

import io.vertx.core.Future;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a Vert.x future from plain blocking code. Backup work runs on its own threads (the CLI's main
 * thread, the export job's worker), never on an event loop; {@code Future.await()} refuses Vert.x worker
 * threads, so this waits through the completion stage, which works on any thread that may block.
 */
final class Blocking {
  private Blocking() {
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new BackupException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
  }
}
