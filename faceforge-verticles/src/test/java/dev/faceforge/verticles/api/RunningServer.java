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
    return start(settings(home));
  }

  /** A server with {@code settings} (e.g. {@link #settings} with other job settings). */
  public static RunningServer start(ServerSettings settings) throws Exception {
    return start(settings, LiveOptions.defaults());
  }

  /** As {@link #start(Path)} with tuned live streams (short heartbeats, small buffers). */
  public static RunningServer start(Path home, LiveOptions live) throws Exception {
    return start(settings(home), live);
  }

  private static RunningServer start(ServerSettings settings, LiveOptions live) throws Exception {
    Vertx vertx = Vertx.vertx();
    FaceForgeServer server = FaceForgeServer.start(vertx, settings, live).await();
    return new RunningServer(vertx, server, settings.layout().home());
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

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    return call("GET", path, null, headers);
  }

  public HttpResponse<String> post(String path, JsonObject body, String... headers) throws Exception {
    return call("POST", path, body.encode(), headers);
  }

  public HttpResponse<String> patch(String path, JsonObject body, String... headers) throws Exception {
    return call("PATCH", path, body.encode(), headers);
  }

  public HttpResponse<String> delete(String path, String... headers) throws Exception {
    return call("DELETE", path, null, headers);
  }

  /** POSTs {@code body} and returns the created document, failing unless the answer is 201. */
  public JsonObject create(String path, JsonObject body) throws Exception {
    HttpResponse<String> r = post(path, body);
    if (r.statusCode() != 201) {
      throw new AssertionError("POST " + path + " " + body.encode() + " answered " + r.statusCode() + ": " + r.body());
    }
    return json(r);
  }

  /** A new entity with {@code display_name} and the given other properties. */
  public JsonObject createEntity(String displayName, JsonObject properties) throws Exception {
    return create("/v1/entities", properties.copy().put("display_name", displayName));
  }

  /** GETs {@code path} and returns its JSON document, failing unless the answer is 200. */
  public JsonObject read(String path) throws Exception {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return json(r);
  }

  /** The log position reported by /healthz. */
  public long logPosition() throws Exception {
    return read("/healthz").getLong("log_position");
  }

  /** The status of a GET whose body never ends (an event stream): reads the headers, then hangs up. */
  public int streamStatus(String path) throws Exception {
    HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  /** Sends a request exactly as given (no token added). */
  public HttpResponse<String> raw(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Uploads {@code bytes} as a multipart {@code file} part named {@code filename}, with form {@code fields}
   * (name, value pairs) and an optional companion {@code meta} JSON part.
   */
  public HttpResponse<String> upload(String filename, byte[] bytes, String meta, String... fields) throws Exception {
    String boundary = "ff-test-" + System.nanoTime();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    for (int i = 0; i + 1 < fields.length; i += 2) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
          + fields[i + 1] + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (meta != null) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"meta\"; filename=\"x_meta.json\"\r\n"
          + "Content-Type: application/json\r\n\r\n" + meta + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    body.writeBytes(bytes);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return raw(HttpRequest.newBuilder(URI.create(base() + "/v1/assets/upload"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
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
