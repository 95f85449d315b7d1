package dev.faceforge.verticles.live;

import dev.faceforge.verticles.http.Problem;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/**
 * {@code GET /v1/events/stream} (Server-Sent Events) and {@code GET /v1/events/ws} (WebSocket): the committed
 * events as CloudEvents, caught up from {@code Last-Event-ID} / {@code ?after=} and then live. Both go through
 * the contract like every route (token first, parameters validated), then hand the connection to a
 * {@link Subscription}.
 */
public final class StreamRoutes {
  private final LiveEvents hub;
  private final EventLogReads reads;
  private final LiveOptions options;

  public StreamRoutes(LiveEvents hub, EventLogReads reads, LiveOptions options) {
    this.hub = hub;
    this.reads = reads;
    this.options = options;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("streamEvents").addHandler(this::serverSentEvents);
    b.getRoute("streamEventsWebSocket").addHandler(this::webSocket);
  }

  private void serverSentEvents(RoutingContext ctx) {
    StreamRequest request;
    try {
      request = StreamRequest.of(ctx);
    } catch (Problem p) {
      ctx.fail(p);
      return;
    }
    new Subscription(hub, reads, options, request, new SseSink(ctx.response(), options)).start();
  }

  private void webSocket(RoutingContext ctx) {
    StreamRequest request;
    try {
      request = StreamRequest.of(ctx);
    } catch (Problem p) {
      ctx.fail(p);
      return;
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(new Problem(426, "upgrade-required", "Upgrade required",
          "this is a WebSocket endpoint: send Connection: Upgrade and Upgrade: websocket", List.of()));
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> new Subscription(hub, reads, options, request, new WebSocketSink(ws, options)).start())
        .onFailure(ctx::fail);
  }
}
