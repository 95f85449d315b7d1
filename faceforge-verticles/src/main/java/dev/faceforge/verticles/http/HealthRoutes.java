package dev.faceforge.verticles.http;

import dev.faceforge.eventstore.EventStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code GET /healthz}: public liveness, with the version and the log position. */
public final class HealthRoutes {
  private final EventStore store;
  private final String version;

  public HealthRoutes(EventStore store, String version) {
    this.store = store;
    this.version = version;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("getHealth").addHandler(Reply.handler(ctx -> Future.succeededFuture(Reply.ok(new JsonObject()
        .put("status", "ok").put("version", version).put("log_position", store.lastPosition()).encode())
        .header("Cache-Control", "no-store"))));
  }
}
