package dev.faceforge.verticles.live;

import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The Vert.x event-bus bridge for plugins: SockJS under {@value #PATH} (raw WebSocket at
 * {@code /eventbus/websocket}). Outbound only: a client may register for {@code faceforge.events} (every
 * committed event) or {@code faceforge.events.<log type>}, and receives each as a CloudEvent JSON body. Every
 * inbound SEND or PUBLISH is refused until plugin permissions exist. The token rules are those of the API
 * (header or cookie, never the URL), enforced by the router on every SockJS request and again by
 * {@link BridgeGuard}.
 *
 * <p>SockJS paths are not OpenAPI operations; the contract declares {@code GET /eventbus/info} (the SockJS
 * handshake) as {@code getEventBusInfo}, whose route passes on to the SockJS router mounted here.
 */
public final class EventBusBridge {
  public static final String PATH = "/eventbus";
  private static final String OUTBOUND = "faceforge\\.events(\\.[A-Za-z0-9._-]+)?";

  private final Vertx vertx;
  private final String installToken;

  public EventBusBridge(Vertx vertx, String installToken) {
    this.vertx = vertx;
    this.installToken = installToken;
  }

  /** Binds {@code getEventBusInfo}: the contract's route hands the request on to the SockJS router. */
  public void bind(RouterBuilder b) {
    b.getRoute("getEventBusInfo").addHandler(RoutingContext::next);
  }

  /** Mounts the SockJS bridge on one server's router (called once per HTTP server instance). */
  public void mount(Router router) {
    SockJSHandler sockJs = SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .setInsertJSESSIONID(false));
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(OUTBOUND));
    router.route(PATH + "/*").subRouter(sockJs.bridge(options, new BridgeGuard(installToken)));
  }
}
