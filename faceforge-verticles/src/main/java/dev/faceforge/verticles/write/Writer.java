package dev.faceforge.verticles.write;

import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.UnitOfWork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The Vert.x face of the single writer: queues a unit of work on the event store's writer thread and
 * hands back a {@link Future} completed on the caller's context once the transaction committed.
 */
public final class Writer {
  private final Vertx vertx;
  private final EventStore store;

  public Writer(Vertx vertx, EventStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  public <T> Future<T> submit(UnitOfWork<T> work) {
    return Future.fromCompletionStage(store.submit(work), vertx.getOrCreateContext());
  }

  public EventStore store() {
    return store;
  }
}
