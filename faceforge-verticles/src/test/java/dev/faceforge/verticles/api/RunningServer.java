package dev.faceforge.verticles.api;

import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.ServerSettings;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.CoreConfigLoader;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.live.LiveOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real FaceForge server on 127.0.0.1 (random port) over a real SQLite file in a temp dir, plus a
 * small blocking HTTP client for tests that read top to bottom.
 */
public final class RunningServer implements AutoCloseable {
  public static final String TOKEN = "t".repeat(20) + "0123456789abcdef0123456789abcdef0123456789abcdef";

  public final Vertx vertx;
  public final FaceForgeServer server;
  public final Path home;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RunningServer(Vertx vertx, FaceForgeServer server, Path home) {
    this.vertx = vertx;
    this.server = server;
    this.home = home;
  }

  public static RunningServer start(Path home) throws Exception {
    return start(home, LiveOptions.defaults());
  }

  /** As {@link #start(Path)} with tuned live streams (short heartbeats, small buffers). */
  public static RunningServer start(Path home, LiveOptions live) throws Exception {
    Vertx vertx = Vertx.vertx();
    FaceForgeServer server = FaceForgeServer.start(vertx, settings(home), live).await();
    return new RunningServer(vertx, server, home);
  }

  /** A home with a core.json holding {@link #TOKEN}, loaded the way the launcher loads it. */
  public static ServerSettings settings(Path home) throws Exception {
    Path configFile = HomeLayout.coreConfigFile(home);
    Files.createDirectories(configFile.getParent());
    if (!Files.exists(configFile)) {
      Files.writeString(configFile, "{\"auth\": {\"install_token\": \"" + TOKEN + "\"}}");
    }
    CoreConfig config = CoreConfigLoader.load(configFile);
    HomeLayout layout = HomeLayout.of(home, config.paths()).createDirectories();
    return new ServerSettings(layout, config, "127.0.0.1", 0);
  }

  public String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Sends a request with the token; {@code body} may be null. */
  public HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request exactly as given (no token added). */
  public HttpResponse<String> raw(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  @Override
  public void close() throws Exception {
    server.close().await();
    vertx.close().await();
  }
}
