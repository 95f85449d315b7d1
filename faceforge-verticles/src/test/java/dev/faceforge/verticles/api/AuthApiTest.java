package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.Operations.Operation;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install token: required by every operation except health and docs, accepted as a Bearer token, as
 * {@code X-FaceForge-Token} or as the {@code ff_token} cookie; anything else is a 401 problem.
 */
class AuthApiTest {
  private static final String WRONG = RunningServer.TOKEN.substring(1) + "x";

  @TempDir
  static Path home;
  static RunningServer api;
  static List<Operation> operations;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    operations = Operations.of(new JsonObject(request("GET", "/openapi.json", null).body()));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void everyProtectedOperationRefusesAMissingOrWrongToken() throws Exception {
    long position = api.logPosition();
    List<Operation> protectedOps = operations.stream().filter(o -> !o.isPublic()).toList();
    assertThat(protectedOps).extracting(Operation::id).contains("listEntities", "createEntity", "patchEntity",
        "deleteEntity", "bulkUpsertEntities", "createFieldDef", "createDescriptor", "createRelationship",
        "listRelationTypes", "getEntityHistory");

    for (Operation op : protectedOps) {
      String body = op.hasBody() ? "{}" : null;
      for (String[] credentials : List.of(new String[0], new String[] {"Authorization", "Bearer " + WRONG},
          new String[] {"X-FaceForge-Token", WRONG}, new String[] {"Cookie", "ff_token=" + WRONG},
          new String[] {"Authorization", "Basic " + RunningServer.TOKEN})) {
        HttpResponse<String> r = request(op.method(), op.samplePath(), body, credentials);
        assertProblem(r, 401, "unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).as("%s %s", op.id(), List.of(credentials))
            .hasValue("Bearer realm=\"faceforge\"");
      }
    }
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void theTokenIsAcceptedAsBearerHeaderOrCookie() throws Exception {
    for (String[] credentials : List.of(new String[] {"Authorization", "Bearer " + RunningServer.TOKEN},
        new String[] {"Authorization", "bearer " + RunningServer.TOKEN},
        new String[] {"X-FaceForge-Token", RunningServer.TOKEN},
        new String[] {"Cookie", "theme=dark; ff_token=" + RunningServer.TOKEN})) {
      HttpResponse<String> created = request("POST", "/v1/entities", "{\"display_name\":\"Authorized\"}",
          credentials);
      assertThat(created.statusCode()).as("%s", List.of(credentials)).isEqualTo(201);
      String id = new JsonObject(created.body()).getString("entity_id");
      assertThat(request("GET", "/v1/entities/" + id, null, credentials).statusCode()).isEqualTo(200);
      assertThat(request("GET", "/v1/entities", null, credentials).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthAndDocsNeedNoToken() throws Exception {
    List<Operation> publicOps = operations.stream().filter(Operation::isPublic).toList();
    assertThat(publicOps).extracting(Operation::id).containsExactlyInAnyOrder("getHealth", "getOpenApiJson",
        "getOpenApiYaml", "getSwaggerUi", "getRedoc", "getDocsAsset");

    for (Operation op : publicOps) {
      assertThat(request("GET", op.samplePath(), null).statusCode()).as(op.id()).isEqualTo(200);
      assertThat(request("GET", op.samplePath(), null, "Cookie", "ff_token=" + WRONG).statusCode())
          .as("%s with a stale cookie", op.id()).isEqualTo(200);
    }
    JsonObject health = new JsonObject(request("GET", "/healthz", null).body());
    assertThat(health.getString("status")).isEqualTo("ok");
    assertThat(health.getString("version")).isEqualTo("0.1.0");
    assertThat(request("GET", "/openapi.yaml", null).headers().firstValue("Content-Type"))
        .hasValue("application/yaml");
    assertThat(request("GET", "/docs", null).headers().firstValue("Content-Type"))
        .hasValue("text/html; charset=utf-8");
  }

  @Test
  void unknownRoutesDoNotRevealThemselvesWithoutAToken() throws Exception {
    assertProblem(request("GET", "/v1/secret-things", null), 401, "unauthorized");
  }

  private static HttpResponse<String> request(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return api.raw(b.build());
  }
}
