package dev.faceforge.verticles.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.ConnectException;
import java.net.URI;

/**
 * A TCP connect to an S3 endpoint before the SDK is asked anything. The SDK's connection pool can
 * sit on a refused connection until its 10 s acquisition timeout, which would stall an upload for
 * nothing when the local SeaweedFS is simply not running; a refused or timed-out connect here fails
 * in milliseconds instead, and the write falls back to {@code fs} at once.
 */
final class EndpointProbe {
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private EndpointProbe() {
  }

  static Future<Void> reachable(Vertx vertx, URI endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
    return client.connect(port, endpoint.getHost())
        .compose(socket -> socket.close())
        .recover(e -> Future.failedFuture(new ConnectException(
            "S3 endpoint " + endpoint + " does not accept connections (" + e + ")")))
        .eventually(() -> client.close());
  }
}
