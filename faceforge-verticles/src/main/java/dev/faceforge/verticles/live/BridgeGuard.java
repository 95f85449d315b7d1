package dev.faceforge.verticles.live;

import dev.faceforge.verticles.http.TokenAuth;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's event handler, checked on every socket and every frame. A socket opens only if its HTTP request
 * carried the install token (header or cookie; the router checked it too: this is the second lock). Register
 * and unregister frames are re-checked against the connection's token and, when a frame carries a token in its
 * {@code headers} ({@code Authorization: Bearer ...} or {@code X-FaceForge-Token}), that token must be valid
 * too. SEND and PUBLISH are refused: inbound traffic needs a permission, and none exists yet. An outbound
 * message to a socket whose write queue is full closes it (the client re-reads what it missed from
 * {@code /v1/events}).
 */
final class BridgeGuard implements Handler<BridgeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);
  private final String installToken;

  BridgeGuard(String installToken) {
    this.installToken = installToken;
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> event.complete(connectionHasToken(event.socket()));
      case REGISTER, UNREGISTER -> event.complete(connectionHasToken(event.socket())
          && frameTokenValid(event.getRawMessage()));
      case SEND, PUBLISH -> {
        LOG.debug("refused inbound bridge {} (no permission allows inbound traffic)", event.type());
        event.complete(false);
      }
      case RECEIVE -> event.complete(keepsUp(event.socket()));
      default -> event.complete(true);
    }
  }

  private boolean connectionHasToken(SockJSSocket socket) {
    RoutingContext rc = socket.routingContext();
    return rc != null && TokenAuth.same(installToken, TokenAuth.presented(rc.request()));
  }

  private boolean frameTokenValid(JsonObject frame) {
    JsonObject headers = frame == null ? null : frame.getJsonObject("headers");
    if (headers == null) {
      return true;
    }
    for (Map.Entry<String, Object> h : headers) {
      String name = h.getKey();
      String value = h.getValue() instanceof String s ? s : null;
      if (name.equalsIgnoreCase("Authorization")) {
        boolean bearer = value != null && value.regionMatches(true, 0, "Bearer ", 0, 7);
        if (!bearer || !TokenAuth.same(installToken, value.substring(7).trim())) {
          return false;
        }
      } else if (name.equalsIgnoreCase("X-FaceForge-Token") && !TokenAuth.same(installToken, value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean keepsUp(SockJSSocket socket) {
    if (!socket.writeQueueFull()) {
      return true;
    }
    LOG.info("closing an event-bus bridge socket that stopped reading");
    socket.close();
    return false;
  }
}
