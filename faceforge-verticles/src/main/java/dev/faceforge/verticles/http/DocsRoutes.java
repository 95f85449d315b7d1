package dev.faceforge.verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Serves the API documentation without any network access: Swagger UI at {@code /docs} and ReDoc at {@code /redoc},
 * both loading their scripts from the bundled webjars under {@code /docs/assets/}, and the contract itself as YAML
 * ({@code /openapi.yaml}, byte for byte) and as JSON ({@code /openapi.json}). Everything is read from the classpath
 * once, asynchronously, by {@link #load}; requests are then answered from memory, so they never touch the disk or
 * block the event loop. Only a fixed allow-list of webjar files is served; any other asset name is a 404.
 */
public final class DocsRoutes {
  private static final String SWAGGER_UI = "swagger-ui";
  private static final String REDOC = "redoc";
  /** The servable assets: file name -> the webjar it comes from. */
  private static final Map<String, String> ASSETS = Map.of(
      "swagger-ui-bundle.js", SWAGGER_UI,
      "swagger-ui-standalone-preset.js", SWAGGER_UI,
      "swagger-ui.css", SWAGGER_UI,
      "favicon-16x16.png", SWAGGER_UI,
      "favicon-32x32.png", SWAGGER_UI,
      "redoc.standalone.js", REDOC);
  private static final String CACHE_ASSETS = "public, max-age=86400";
  private static final String HTML = "text/html; charset=utf-8";

  private static final Buffer SWAGGER_PAGE = Buffer.buffer("""
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>FaceForge Core API</title>
        <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
        <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/assets/swagger-ui-bundle.js"></script>
        <script>
          window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
            validatorUrl: null});
        </script>
      </body>
      </html>
      """);
  private static final Buffer REDOC_PAGE = Buffer.buffer("""
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>FaceForge Core API</title>
        <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
      </head>
      <body>
        <redoc spec-url="/openapi.json"></redoc>
        <script src="/docs/assets/redoc.standalone.js"></script>
      </body>
      </html>
      """);

  private final Buffer yaml;
  private final Buffer json;
  private final Map<String, Buffer> assets;

  private DocsRoutes(Buffer yaml, Buffer json, Map<String, Buffer> assets) {
    this.yaml = yaml;
    this.json = json;
    this.assets = Map.copyOf(assets);
  }

  /** Serves {@code contract} as YAML and JSON, plus the allow-listed webjar assets (versions from pom.properties). */
  public static Future<DocsRoutes> load(Vertx vertx, ApiContract contract) {
    FileSystem fs = vertx.fileSystem();
    return Future.all(webjarVersion(fs, SWAGGER_UI), webjarVersion(fs, REDOC))
        .compose(versions -> readAssets(fs, Map.of(SWAGGER_UI, versions.resultAt(0), REDOC, versions.resultAt(1))))
        .map(assets -> new DocsRoutes(contract.yaml(), contract.json().toBuffer(), assets));
  }

  /** Binds the handlers of the documentation operations (all public: their operations declare no security). */
  public void bind(RouterBuilder builder) {
    route(builder, "getSwaggerUi").addHandler(ctx -> send(ctx, HTML, SWAGGER_PAGE));
    route(builder, "getRedoc").addHandler(ctx -> send(ctx, HTML, REDOC_PAGE));
    route(builder, "getOpenApiYaml").addHandler(ctx -> send(ctx, "application/yaml", yaml));
    route(builder, "getOpenApiJson").addHandler(ctx -> send(ctx, "application/json", json));
    route(builder, "getDocsAsset").addHandler(this::asset);
  }

  private void asset(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    Buffer body = assets.get(file);
    if (body == null) {
      ctx.fail(404);
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, CACHE_ASSETS);
    send(ctx, contentType(file), body);
  }

  private static void send(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
  }

  private static String contentType(String file) {
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return file.endsWith(".css") ? "text/css; charset=utf-8" : "image/png";
  }

  private static OpenAPIRoute route(RouterBuilder builder, String operationId) {
    return Objects.requireNonNull(builder.getRoute(operationId), () -> "contract has no operation " + operationId);
  }

  private static Future<String> webjarVersion(FileSystem fs, String webjar) {
    return fs.readFile("META-INF/maven/org.webjars/" + webjar + "/pom.properties")
        .map(props -> props.toString(StandardCharsets.UTF_8).lines()
            .filter(line -> line.startsWith("version="))
            .map(line -> line.substring("version=".length()).trim())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no version in the pom.properties of webjar " + webjar)));
  }

  private static Future<Map<String, Buffer>> readAssets(FileSystem fs, Map<String, String> versions) {
    Map<String, Future<Buffer>> reads = ASSETS.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        asset -> fs.readFile("META-INF/resources/webjars/" + asset.getValue() + "/" + versions.get(asset.getValue())
            + "/" + asset.getKey())));
    return Future.all(List.copyOf(reads.values())).map(all -> reads.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, read -> read.getValue().result())));
  }
}
