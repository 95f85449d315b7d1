package dev.faceforge.launcher.bench;

import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.ServerSettings;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.CoreConfigLoader;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.live.LiveEvents;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A real FaceForge server in this JVM, on 127.0.0.1 and a free port, over a fresh FACEFORGE_HOME: the
 * same {@link FaceForgeServer#start} the launcher calls, with its own Vert.x instance (the load
 * generator gets another one).
 */
final class BenchServer implements AutoCloseable {
  private final Vertx vertx;
  private final FaceForgeServer server;
  private final String token;

  private BenchServer(Vertx vertx, FaceForgeServer server, String token) {
    this.vertx = vertx;
    this.server = server;
    this.token = token;
  }

  /** Creates {@code home} with a core.json holding a fresh install token, then starts the server. */
  static BenchServer start(Path home) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    Path configFile = HomeLayout.coreConfigFile(home);
    Files.createDirectories(configFile.getParent());
    Files.writeString(configFile, "{\"auth\": {\"install_token\": \"" + token + "\"}}");
    CoreConfig config = CoreConfigLoader.load(configFile);
    HomeLayout layout = HomeLayout.of(home, config.paths()).createDirectories();
    Vertx vertx = Vertx.vertx();
    FaceForgeServer server = FaceForgeServer.start(vertx, new ServerSettings(layout, config, "127.0.0.1", 0))
        .await();
    return new BenchServer(vertx, server, token);
  }

  int port() {
    return server.actualPort();
  }

  String token() {
    return token;
  }

  /** The committed log position, straight from the store (the HTTP view is {@code /healthz}). */
  long logPosition() {
    return server.store().lastPosition();
  }

  /** The live event hub (stream subscribers, slow-client disconnects). */
  LiveEvents live() {
    return server.live();
  }

  @Override
  public void close() {
    server.close().await();
    vertx.close().await();
  }
}
