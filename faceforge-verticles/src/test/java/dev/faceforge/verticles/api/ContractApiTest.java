package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.api.Operations.Operation;
import dev.faceforge.verticles.http.ApiContract;
import dev.faceforge.verticles.http.ApiRouter;
import dev.faceforge.verticles.http.DocsRoutes;
import dev.faceforge.verticles.read.ReadPool;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server and the OpenAPI document agree: every operation of the document is answered by a real handler,
 * and every route of the router is an operation of the document.
 */
class ContractApiTest {
  @TempDir
  static Path home;
  static RunningServer api;
  static ApiContract contract;
  static List<Operation> operations;
  static ReadPool pool;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    contract = ApiContract.load(api.vertx, ApiRouter.CONTRACT).await();
    operations = Operations.of(contract.json());
    pool = new ReadPool(api.vertx, RunningServer.settings(home).layout().dbFile(), 1);
  }

  @AfterAll
  static void stop() throws Exception {
    pool.close().await();
    api.close();
  }

  @Test
  void theServedDocumentIsTheContract() throws Exception {
    assertThat(api.read("/openapi.json")).isEqualTo(contract.json());
    assertThat(operations).extracting(Operation::id).doesNotHaveDuplicates().contains("getHealth",
        "listEntities", "getEntityHistory", "bulkUpsertEntities", "patchDescriptor", "deleteFieldDef",
        "listRelationTypes");
  }

  @Test
  void everyOperationIsAnsweredByItsHandler() throws Exception {
    String entity = api.createEntity("Contract", new JsonObject()).getString("entity_id");
    String other = api.createEntity("Other", new JsonObject()).getString("entity_id");
    String asset = api.json(api.upload("contract.bin", new byte[] {1, 2, 3}, null, "kind", "doc.binary"))
        .getString("asset_id");
    String job = api.json(api.post("/v1/assets/bulk-import", new JsonObject().put("path",
        java.nio.file.Files.createTempDirectory("ff-contract").toString()).put("kind", "doc.binary")))
        .getString("job_id");
    Map<String, String> ids = Map.of(
        "asset_id", asset,
        "job_id", job,
        "entity_id", entity,
        "descriptor_id", api.create("/v1/entities/" + entity + "/descriptors",
            new JsonObject().put("key", "k").put("value", 1)).getString("descriptor_id"),
        "relationship_id", api.create("/v1/relationships", new JsonObject().put("source_entity_id", entity)
            .put("target_entity_id", other).put("type", "friend_of")).getString("relationship_id"),
        "field_key", api.create("/v1/admin/field-defs", new JsonObject().put("field_key", "sample_key")
            .put("type", "string").put("label", "Sample")).getString("field_key"),
        "file", "swagger-ui.css");
    // deletes last, and the entity's after the things that hang off it
    List<Operation> ordered = operations.stream().sorted(Comparator.comparing((Operation op) ->
        op.method().equals("DELETE")).thenComparing(op -> op.id().equals("deleteEntity"))).toList();

    for (Operation op : ordered) {
      if (op.id().equals("streamEvents")) {
        assertThat(api.streamStatus(op.path(ids))).as(op.id()).isEqualTo(200); // an endless body: status only
        continue;
      }
      if (op.id().equals("streamEventsWebSocket")) {
        assertThat(api.call("GET", op.path(ids), null).statusCode()).as(op.id()).isEqualTo(426); // not an upgrade
        continue;
      }
      HttpResponse<String> r = op.id().equals("uploadAsset")
          ? api.upload("again.bin", new byte[] {1, 2, 3}, null, "kind", "doc.binary")
          : api.call(op.method(), op.path(ids), op.hasBody() ? "{}" : null);
      if (op.id().equals("cancelJob") && r.statusCode() == 409) {
        continue; // the import job had nothing to do and is already over: answered by its handler
      }

      // 400 here is the operation's request validation, which the router only installs with a handler
      assertThat(r.statusCode()).as("%s %s: %s", op.id(), op.path(ids), r.body()).isIn(200, 201, 204, 400);
      if (r.statusCode() == 400) {
        Problems.assertProblem(r, 400, "invalid-request");
      }
    }
  }

  @Test
  void everyRouteOfTheRouterIsAnOperationOfTheDocument() throws Exception {
    Router router = router(binders());

    List<String> routes = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // root handlers (token, media type, body) and the failure handler
      }
      route.methods().forEach(m -> routes.add(m.name() + " " + route.getPath()));
    }
    List<String> documented = operations.stream()
        .map(op -> op.method() + " " + op.path().replaceAll("\\{([^}/]+)}", ":$1")).toList();

    assertThat(routes).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void aRouterWithAnUnboundOperationIsRefused() throws Exception {
    List<Consumer<RouterBuilder>> onlyHealthAndDocs = binders().subList(0, 2);

    assertThatThrownBy(() -> router(onlyHealthAndDocs))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("operations without a handler: [")
        .hasMessageContaining("createEntity")
        .hasMessageContaining("createRelationship")
        .hasMessageContaining("uploadAsset")
        .hasMessageNotContaining("getHealth");
  }

  private static List<Consumer<RouterBuilder>> binders() {
    return api.server.routerSetup().binders();
  }

  private static Router router(List<Consumer<RouterBuilder>> binders) {
    ApiRouter.Setup running = api.server.routerSetup();
    return ApiRouter.create(api.vertx, new ApiRouter.Setup(running.api(), running.installToken(),
        running.signedLink(), binders, running.mounts())).await();
  }
}
