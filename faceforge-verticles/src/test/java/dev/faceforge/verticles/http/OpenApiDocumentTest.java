package dev.faceforge.verticles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.OutputUnit;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpenApiDocumentTest {
  static final String CONTRACT = "openapi/faceforge-v1.yaml";
  static final Set<String> OPERATION_IDS = Set.of(
      "getHealth", "getOpenApiJson", "getOpenApiYaml", "getSwaggerUi", "getRedoc", "getDocsAsset",
      "listEntities", "createEntity", "getEntity", "patchEntity", "deleteEntity", "getEntityHistory",
      "bulkUpsertEntities",
      "listDescriptors", "createDescriptor", "getDescriptor", "patchDescriptor", "deleteDescriptor",
      "listFieldDefs", "createFieldDef", "getFieldDef", "patchFieldDef", "deleteFieldDef",
      "listRelationships", "createRelationship", "getRelationship", "deleteRelationship", "listRelationTypes",
      "listJobs", "createJob", "getJob", "getJobLog", "appendJobLog", "cancelJob", "claimJob", "heartbeatJob",
      "reportJobProgress", "completeJob", "failJob", "acknowledgeJobCancel",
      "uploadAsset", "bulkImportAssets", "listAssets", "getAsset", "patchAsset", "deleteAsset", "downloadAsset",
      "headAsset", "createAssetLink", "listDerivedAssets", "listEntityAssets", "linkAsset", "unlinkAsset",
      "listEvents", "streamEvents", "streamEventsWebSocket", "getEventBusInfo");
  static final Set<String> PUBLIC_OPERATION_IDS =
      Set.of("getHealth", "getOpenApiJson", "getOpenApiYaml", "getSwaggerUi", "getRedoc", "getDocsAsset");
  private static final String ID = "ab".repeat(32);

  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static RequestValidator validator;

  @BeforeAll
  static void loadContract(Vertx v) {
    vertx = v;
    contract = OpenAPIContract.from(vertx, CONTRACT).await();
    validator = RequestValidator.create(vertx, contract);
  }

  @Test
  void documentIsOpenApi310WithVersionAndLocalServer() {
    JsonObject raw = contract.getRawContract();
    assertThat(raw.getString("openapi")).isEqualTo("3.1.0");
    assertThat(raw.getJsonObject("info").getString("version")).isEqualTo("0.1.0");
    assertThat(contract.getServers()).extracting(s -> s.getURL()).containsExactly("http://127.0.0.1:43210");
  }

  @Test
  void everyOperationHasAUniqueExpectedOperationId() {
    List<String> ids = contract.getPaths().stream()
        .flatMap(path -> path.getOperations().stream())
        .map(Operation::getOperationId)
        .toList();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Set.copyOf(ids)).isEqualTo(OPERATION_IDS);
  }

  @Test
  void everyOperationHasASummaryAndADescription() {
    for (Operation op : contract.operations()) {
      assertThat(op.getOpenAPIModel().getString("summary")).as(op.getOperationId()).isNotBlank();
      assertThat(op.getOpenAPIModel().getString("description")).as(op.getOperationId()).isNotBlank();
    }
  }

  @Test
  void onlyHealthAndDocsArePublicAndEveryOtherOperationAcceptsAnyOfTheThreeTokenSchemes() {
    for (Operation op : contract.operations()) {
      Set<String> schemes = op.getSecurityRequirements().stream()
          .flatMap(requirement -> requirement.getNames().stream())
          .collect(Collectors.toSet());
      if (PUBLIC_OPERATION_IDS.contains(op.getOperationId())) {
        assertThat(schemes).as(op.getOperationId()).isEmpty();
      } else {
        assertThat(op.getSecurityRequirements()).as(op.getOperationId()).hasSize(3);
        assertThat(schemes).as(op.getOperationId()).containsExactlyInAnyOrder("bearerAuth", "tokenHeader",
            "tokenCookie");
      }
    }
  }

  @Test
  void routerBuildsWithARouteForEveryOperation() {
    assertThat(RouterBuilder.create(vertx, contract).createRouter()).isNotNull();

    RouterBuilder builder = RouterBuilder.create(vertx, contract);
    builder.getRoutes().forEach(route -> route.setDoSecurity(false).addHandler(ctx -> ctx.response().end()));
    Router router = builder.createRouter();

    Set<String> routes = router.getRoutes().stream()
        .filter(route -> route.getPath() != null)
        .map(OpenApiDocumentTest::methodAndPath)
        .collect(Collectors.toSet());
    Set<String> documented = contract.operations().stream()
        .map(op -> op.getHttpMethod().name() + " " + op.getOpenAPIPath().replaceAll("\\{(.*?)}", ":$1"))
        .collect(Collectors.toSet());
    assertThat(routes).hasSize(OPERATION_IDS.size()).isEqualTo(documented);
  }

  @Test
  void createEntityAcceptsAWellFormedBody() {
    JsonObject body = new JsonObject()
        .put("display_name", "Ada Lovelace")
        .put("aliases", new JsonArray().add("Ada"))
        .put("tags", new JsonArray().add("mathematician"))
        .put("fields", new JsonObject().put("birth.year", 1815))
        .put("primary_thumbnail_asset_id", null)
        .put("plugin_data", new JsonObject().put("stash", new JsonObject().put("rating", 5)))
        .put("external_ids", new JsonObject().put("stash", "123"));

    ValidatedRequest validated = validate("createEntity", Map.of(), Map.of(), Map.of(), body);

    assertThat(((JsonObject) validated.getBody().get()).getString("display_name")).isEqualTo("Ada Lovelace");
  }

  @Test
  void createEntityRejectsUnknownPropertiesWrongTypesAndMissingDisplayName() {
    assertRejected("createEntity", new JsonObject().put("display_name", "Ada").put("nickname", "A"),
        "Property \"nickname\" does not match additional properties schema");
    assertRejected("createEntity", new JsonObject().put("display_name", 5),
        "Instance type number is invalid. Expected string");
    assertRejected("createEntity", new JsonObject().put("display_name", ""), "String is too short (0 < 1)");
    assertRejected("createEntity", new JsonObject().put("aliases", new JsonArray().add("Ada")),
        "Instance does not have required property \"display_name\"");
    assertRejected("createEntity", new JsonObject().put("display_name", "Ada").put("primary_thumbnail_asset_id", "x"),
        "String does not match pattern");
    assertRejected("createEntity", new JsonObject().put("display_name", "Ada")
        .put("fields", new JsonObject().put("Not A Key", 1)), "Property name \"Not A Key\" does not match schema");
  }

  @Test
  void patchEntityAllowsNullsExceptForDisplayName() {
    Map<String, String> path = Map.of("entity_id", ID);
    JsonObject patch = new JsonObject()
        .put("aliases", null)
        .put("fields", new JsonObject().put("age", null))
        .put("external_ids", new JsonObject().put("stash", null));

    validate("patchEntity", path, Map.of(), Map.of("If-Match", "\"3\""), patch);
    assertRejected("patchEntity", path, new JsonObject().put("display_name", null),
        "Instance type null is invalid. Expected string");
    assertRejected("patchEntity", path, new JsonObject().put("entity_id", ID),
        "Property \"entity_id\" does not match additional properties schema");
  }

  @Test
  void bulkUpsertItemsNeedExternalIdsAndRejectUnknownProperties() {
    JsonObject item = new JsonObject()
        .put("display_name", "Ada")
        .put("external_ids", new JsonObject().put("stash", "1"));
    validate("bulkUpsertEntities", Map.of(), Map.of(), Map.of(), items(item));

    assertRejected("bulkUpsertEntities", new JsonObject().put("items", new JsonArray()), "Array has too few items");
    assertRejected("bulkUpsertEntities", items(new JsonObject().put("display_name", "Ada")),
        "Instance does not have required property \"external_ids\"");
    assertRejected("bulkUpsertEntities", items(item.copy().put("external_ids", new JsonObject())),
        "Instance does not have at least 1 properties");
    assertRejected("bulkUpsertEntities", items(item.copy().put("colour", "red")),
        "Property \"colour\" does not match additional properties schema");
  }

  @Test
  void bulkUpsertAcceptsTenThousandItemsButNotOneMore() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      items.add(new JsonObject().put("display_name", "e" + i).put("external_ids", new JsonObject().put("x", "" + i)));
    }
    validate("bulkUpsertEntities", Map.of(), Map.of(), Map.of(), new JsonObject().put("items", items));

    items.add(new JsonObject().put("display_name", "one too many").put("external_ids", new JsonObject().put("x", "y")));
    assertRejected("bulkUpsertEntities", new JsonObject().put("items", items), "Array has too many items");
  }

  @Test
  void fieldDefinitionTypeAndEnumOptionsAreLeftToTheDomainRules() {
    // an unknown type and an enum without options are 422s naming the field (FieldDefinitionApiTest),
    // like the other definition rules, so the schema lets them through
    JsonObject hair = new JsonObject().put("field_key", "hair.colour").put("type", "enum").put("label", "Hair");
    JsonObject withOptions = hair.copy().put("options", new JsonArray().add("red"));

    validate("createFieldDef", Map.of(), Map.of(), Map.of(), withOptions);
    validate("createFieldDef", Map.of(), Map.of(), Map.of(), hair);
    validate("createFieldDef", Map.of(), Map.of(), Map.of(), withOptions.copy().put("type", "colour"));
    assertRejected("createFieldDef", withOptions.copy().put("type", 5), "Instance type number is invalid");
    assertRejected("createFieldDef", withOptions.copy().put("field_key", "Hair"), "String does not match pattern");
  }

  @Test
  void descriptorValidityAcceptsDatesAndDateTimesOnly() {
    Map<String, String> path = Map.of("entity_id", ID);
    JsonObject address = new JsonObject().put("key", "address").put("value", new JsonObject().put("city", "London"));

    validate("createDescriptor", path, Map.of(), Map.of(), address.copy().put("valid_from", "1835-07-08")
        .put("valid_to", "1852-11-27T12:00:00.000Z").put("note", null));
    assertRejected("createDescriptor", path, address.copy().put("valid_from", "July 1835"),
        "String does not match pattern");
    assertRejected("createDescriptor", path, new JsonObject().put("key", "address"),
        "Instance does not have required property \"value\"");
  }

  @Test
  void queryAndPathParametersAreValidated() {
    Map<String, String> query =
        Map.of("limit", "10", "tag", "tag=a&tag=b", "sort", "-display_name", "include_deleted", "true");
    ValidatedRequest ok = validate("listEntities", Map.of(), query, Map.of(), null);
    assertThat(ok.getQuery().get("tag").get()).isEqualTo(new JsonArray().add("a").add("b"));
    assertThat(ok.getQuery().get("limit").get()).isEqualTo(10);

    assertParameterRejected("listEntities", Map.of(), Map.of("limit", "0"));
    assertParameterRejected("listEntities", Map.of(), Map.of("limit", "1001"));
    assertParameterRejected("listEntities", Map.of(), Map.of("offset", "-1"));
    assertParameterRejected("listEntities", Map.of(), Map.of("sort", "name"));
    assertParameterRejected("getEntity", Map.of("entity_id", ID.toUpperCase()), Map.of());
    assertParameterRejected("listDescriptors", Map.of("entity_id", ID), Map.of("at", "yesterday"));
    assertParameterRejected("getDocsAsset", Map.of("file", "../pom.xml"), Map.of());
  }

  private static JsonObject items(JsonObject item) {
    return new JsonObject().put("items", new JsonArray().add(item));
  }

  private static void assertRejected(String operationId, JsonObject body, String expectedError) {
    assertRejected(operationId, Map.of(), body, expectedError);
  }

  private static void assertRejected(String operationId, Map<String, String> path, JsonObject body,
      String expectedError) {
    assertThatThrownBy(() -> validate(operationId, path, Map.of(), Map.of(), body))
        .as("%s should reject %s", operationId, body)
        .isInstanceOfSatisfying(SchemaValidationException.class, e -> assertThat(e.getOutputUnit().getErrors())
            .extracting(OutputUnit::getError)
            .anySatisfy(error -> assertThat(error).contains(expectedError)));
  }

  private static void assertParameterRejected(String operationId, Map<String, String> path,
      Map<String, String> query) {
    assertThatThrownBy(() -> validate(operationId, path, query, Map.of(), null))
        .as("%s should reject %s %s", operationId, path, query)
        .isInstanceOf(ValidatorException.class)
        .hasMessageContaining("is invalid");
  }

  private static ValidatedRequest validate(String operationId, Map<String, String> path, Map<String, String> query,
      Map<String, String> headers, JsonObject body) {
    RequestParameter bodyParam = new RequestParameterImpl(body == null ? null : Buffer.buffer(body.encode()));
    ValidatableRequestImpl request = new ValidatableRequestImpl(Map.of(), params(headers), params(path),
        params(query), bodyParam, body == null ? null : "application/json");
    return validator.validate(request, operationId).await();
  }

  private static Map<String, RequestParameter> params(Map<String, String> values) {
    Map<String, RequestParameter> params = new HashMap<>();
    values.forEach((name, value) -> params.put(name, new RequestParameterImpl(value)));
    return params;
  }

  private static String methodAndPath(Route route) {
    return route.methods().iterator().next().name() + " " + route.getPath();
  }
}
