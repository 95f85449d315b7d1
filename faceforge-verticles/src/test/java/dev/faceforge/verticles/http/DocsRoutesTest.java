package dev.faceforge.verticles.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Path;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DocsRoutesTest {
  private static final String CONTRACT = OpenApiDocumentTest.CONTRACT;

  private static OpenAPIContract contract;
  private static HttpServer server;
  private static WebClient client;

  @BeforeAll
  static void startServer(Vertx vertx) {
    contract = OpenAPIContract.from(vertx, CONTRACT).await();
    RouterBuilder builder = RouterBuilder.create(vertx, contract);
    DocsRoutes.load(vertx, ApiContract.load(vertx, CONTRACT).await()).await().bind(builder);
    // Stand-ins for the API handlers, which are not under test here.
    builder.getRoutes().stream()
        .filter(route -> route.getHandlers().isEmpty())
        .forEach(route -> route.setDoSecurity(false).addHandler(ctx -> ctx.response().setStatusCode(204).end()));
    server = vertx.createHttpServer().requestHandler(builder.createRouter()).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close().await();
  }

  @Test
  void swaggerUiPageLoadsItsAssetsLocallyAndPointsAtTheJsonDocument() {
    HttpResponse<Buffer> page = get("/docs");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.bodyAsString())
        .contains("src=\"/docs/assets/swagger-ui-bundle.js\"")
        .contains("href=\"/docs/assets/swagger-ui.css\"")
        .contains("url: \"/openapi.json\"")
        .doesNotContain("http://", "https://");
  }

  @Test
  void redocPageLoadsItsScriptLocallyAndPointsAtTheJsonDocument() {
    HttpResponse<Buffer> page = get("/redoc");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.bodyAsString())
        .contains("src=\"/docs/assets/redoc.standalone.js\"")
        .contains("spec-url=\"/openapi.json\"")
        .doesNotContain("http://", "https://");
  }

  @Test
  void assetsComeFromTheWebjarsWithTypeAndCaching() throws IOException {
    HttpResponse<Buffer> script = get("/docs/assets/swagger-ui-bundle.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(script.getHeader("Cache-Control")).isEqualTo("public, max-age=86400");
    assertThat(script.body().getBytes()).isEqualTo(webjarFile("swagger-ui", "swagger-ui-bundle.js"));

    HttpResponse<Buffer> css = get("/docs/assets/swagger-ui.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");

    HttpResponse<Buffer> redoc = get("/docs/assets/redoc.standalone.js");
    assertThat(redoc.statusCode()).isEqualTo(200);
    assertThat(redoc.body().getBytes()).isEqualTo(webjarFile("redoc", "redoc.standalone.js"));
  }

  @Test
  void unknownAssetIsNotFound() {
    assertThat(get("/docs/assets/nope.js").statusCode()).isEqualTo(404);
    // Present in the webjar but not on the allow-list.
    assertThat(get("/docs/assets/index.html").statusCode()).isEqualTo(404);
  }

  @Test
  void assetNameOutsideThePatternIsABadRequest() {
    assertThat(get("/docs/assets/..%2Fpom.xml").statusCode()).isEqualTo(400);
  }

  @Test
  void jsonDocumentIsTheContractAsJson() {
    HttpResponse<Buffer> response = get("/openapi.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject document = response.bodyAsJsonObject();
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonObject("paths").fieldNames())
        .containsExactlyInAnyOrderElementsOf(contract.getPaths().stream().map(Path::getName).toList());
    assertThat(document.getJsonObject("components").getJsonObject("schemas").getJsonObject("EntityCreate")
        .getBoolean("additionalProperties")).isFalse();
  }

  @Test
  void yamlDocumentIsServedAsWritten() throws IOException {
    HttpResponse<Buffer> response = get("/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/yaml");
    assertThat(response.body().getBytes()).isEqualTo(resource(CONTRACT));
  }

  private static HttpResponse<Buffer> get(String uri) {
    return client.get(uri).send().await();
  }

  private static byte[] webjarFile(String webjar, String file) throws IOException {
    Properties pom = new Properties();
    pom.load(new ByteArrayInputStream(resource("META-INF/maven/org.webjars/" + webjar + "/pom.properties")));
    return resource("META-INF/resources/webjars/" + webjar + "/" + pom.getProperty("version") + "/" + file);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DocsRoutesTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
