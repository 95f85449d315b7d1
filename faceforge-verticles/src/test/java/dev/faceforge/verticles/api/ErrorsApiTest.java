package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client mistakes: each is answered with its 4xx as {@code application/problem+json}, names the offending field
 * where there is one, changes nothing (same log position, same entity count) and leaves the server serving.
 */
class ErrorsApiTest {
  private static final String ENTITY = "/v1/entities/{id}";
  private static final String UNKNOWN = "9".repeat(64);

  @TempDir
  static Path home;
  static RunningServer api;
  static String entityId;
  private long position;
  private long entities;

  /** A bad request, what it should be answered with, and the fields its problem should name (if any). */
  record Bad(String name, String method, String path, String body, List<String> headers, int status, String slug,
             List<String> fields) {
    static Bad of(String name, String method, String path, String body, int status, String slug,
                  String... fields) {
      return new Bad(name, method, path, body, List.of(), status, slug, List.of(fields));
    }

    Bad with(String header, String value) {
      List<String> h = Stream.concat(headers.stream(), Stream.of(header, value)).toList();
      return new Bad(name, method, path, body, h, status, slug, fields);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    entityId = api.createEntity("Existing", new JsonObject().put("tags", new JsonArray().add("x")))
        .getString("entity_id");
    api.create("/v1/admin/field-defs", new JsonObject().put("field_key", "age").put("type", "integer")
        .put("label", "Age"));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @BeforeEach
  void rememberState() throws Exception {
    position = api.logPosition();
    entities = api.read("/v1/entities?include_deleted=true&limit=1").getLong("total");
  }

  @AfterEach
  void nothingChangedAndTheServerStillServes() throws Exception {
    assertThat(api.logPosition()).as("log position").isEqualTo(position);
    assertThat(api.read("/v1/entities?include_deleted=true&limit=1").getLong("total")).isEqualTo(entities);
    JsonObject existing = api.read("/v1/entities/" + entityId);
    assertThat(existing.getString("display_name")).isEqualTo("Existing");
    assertThat(existing.getLong("version")).isEqualTo(1L);
  }

  static Stream<Bad> badRequests() {
    return Stream.of(
        Bad.of("malformed JSON on create", "POST", "/v1/entities", "{\"display_name\": ", 400, "invalid-request"),
        Bad.of("malformed JSON on patch", "PATCH", ENTITY, "{\"display_name\" \"x\"}", 400, "invalid-request"),
        Bad.of("malformed JSON on bulk upsert", "POST", "/v1/entities/bulk-upsert", "[{]", 400, "invalid-request"),
        Bad.of("an array instead of an object", "POST", "/v1/entities", "[]", 400, "invalid-request"),
        Bad.of("no body", "POST", "/v1/entities", null, 400, "invalid-request")
            .with("Content-Type", "application/json"),
        Bad.of("a number for display_name", "POST", "/v1/entities", "{\"display_name\": 5}", 400,
            "invalid-request", "display_name"),
        Bad.of("a number among the tags", "POST", "/v1/entities", "{\"display_name\": \"x\", \"tags\": [\"a\", 1]}",
            400, "invalid-request", "tags[1]"),
        Bad.of("a string for aliases", "PATCH", ENTITY, "{\"aliases\": \"x\"}", 400, "invalid-request",
            "aliases"),
        Bad.of("a number as external id", "POST", "/v1/entities",
            "{\"display_name\": \"x\", \"external_ids\": {\"stash\": 5}}", 400, "invalid-request",
            "external_ids.stash"),
        Bad.of("null display_name in a patch", "PATCH", ENTITY, "{\"display_name\": null}", 400,
            "invalid-request", "display_name"),
        Bad.of("a bad thumbnail id", "POST", "/v1/entities",
            "{\"display_name\": \"x\", \"primary_thumbnail_asset_id\": \"abc\"}", 400, "invalid-request",
            "primary_thumbnail_asset_id"),
        Bad.of("a number as validity bound", "POST", "/v1/entities/{id}/descriptors",
            "{\"key\": \"k\", \"value\": 1, \"valid_from\": 2020}", 400, "invalid-request", "valid_from"),
        Bad.of("a number as relationship type", "POST", "/v1/relationships", "{\"source_entity_id\": \"{id}\","
            + " \"target_entity_id\": \"" + UNKNOWN + "\", \"type\": 5}", 400, "invalid-request", "type"),
        Bad.of("a string as required flag", "POST", "/v1/admin/field-defs",
            "{\"field_key\": \"k\", \"type\": \"string\", \"label\": \"K\", \"required\": \"yes\"}", 400,
            "invalid-request", "required"),
        Bad.of("an unknown property on create", "POST", "/v1/entities", "{\"display_name\": \"x\", \"colour\": 1}",
            400, "invalid-request", "colour"),
        Bad.of("an unknown property on patch", "PATCH", ENTITY, "{\"version\": 7}", 400, "invalid-request",
            "version"),
        Bad.of("an unknown property on a descriptor", "POST", "/v1/entities/{id}/descriptors",
            "{\"key\": \"k\", \"value\": 1, \"entity_id\": \"{id}\"}", 400, "invalid-request", "entity_id"),
        Bad.of("an unknown property in a bulk item", "POST", "/v1/entities/bulk-upsert",
            "{\"items\": [{\"display_name\": \"x\", \"external_ids\": {\"s\": \"1\"}, \"extra\": true}]}", 400,
            "invalid-request", "items[0].extra"),
        Bad.of("a malformed entity id", "GET", "/v1/entities/not-an-id", null, 400, "invalid-request",
            "entity_id"),
        // JSON Schema patterns are ECMA-262: "$" ends the input, a trailing line break does not match
        Bad.of("a field key with a trailing newline", "POST", "/v1/admin/field-defs",
            "{\"field_key\": \"k2\\n\", \"type\": \"string\", \"label\": \"K\"}", 400, "invalid-request",
            "field_key"),
        Bad.of("a relationship type with a trailing newline", "POST", "/v1/relationships",
            "{\"source_entity_id\": \"{id}\", \"target_entity_id\": \"" + UNKNOWN + "\", \"type\": \"knows\\n\"}", 400,
            "invalid-request", "type"),
        Bad.of("a thumbnail id with a trailing newline", "POST", "/v1/entities",
            "{\"display_name\": \"x\", \"primary_thumbnail_asset_id\": \"" + UNKNOWN + "\\n\"}", 400,
            "invalid-request", "primary_thumbnail_asset_id"),
        Bad.of("a limit that is not a number", "GET", "/v1/entities?limit=ten", null, 400, "invalid-request",
            "limit"),
        Bad.of("a limit above 1000", "GET", "/v1/entities?limit=1001", null, 400, "invalid-request", "limit"),
        Bad.of("an unknown sort", "GET", "/v1/entities?sort=colour", null, 400, "invalid-request", "sort"),
        Bad.of("a negative offset", "GET", "/v1/entities?offset=-1", null, 400, "invalid-request", "offset"),
        Bad.of("a garbled cursor", "GET", "/v1/entities?cursor=!!!", null, 400, "bad-request"),
        Bad.of("a cursor that is no cursor", "GET", "/v1/entities?cursor=bm90IGEgY3Vyc29y", null, 400,
            "bad-request"),
        Bad.of("a cursor of another sort", "GET", "/v1/entities?sort=display_name&cursor="
            + cursorOf("-created_at"), null, 400, "bad-request"),
        Bad.of("cursor and offset on entities", "GET", "/v1/entities?offset=0&cursor=" + cursorOf("-created_at"),
            null, 400, "bad-request"),
        Bad.of("cursor and offset on descriptors", "GET", "/v1/entities/{id}/descriptors?offset=1&cursor="
            + cursorOf("created_at"), null, 400, "bad-request"),
        Bad.of("cursor and offset on field definitions", "GET", "/v1/admin/field-defs?offset=1&cursor="
            + cursorOf("field_key"), null, 400, "bad-request"),
        Bad.of("cursor and offset on relationships", "GET", "/v1/relationships?offset=1&cursor="
            + cursorOf("created_at"), null, 400, "bad-request"),
        Bad.of("an unknown entity", "GET", "/v1/entities/" + UNKNOWN, null, 404, "not-found"),
        Bad.of("patching an unknown entity", "PATCH", "/v1/entities/" + UNKNOWN, "{\"display_name\": \"x\"}", 404,
            "not-found"),
        Bad.of("deleting an unknown entity", "DELETE", "/v1/entities/" + UNKNOWN, null, 404, "not-found"),
        Bad.of("an unknown descriptor", "GET", "/v1/descriptors/" + UNKNOWN, null, 404, "not-found"),
        Bad.of("an unknown relationship", "GET", "/v1/relationships/" + UNKNOWN, null, 404, "not-found"),
        Bad.of("an unknown field definition", "PATCH", "/v1/admin/field-defs/nope", "{\"label\": \"x\"}", 404,
            "not-found"),
        Bad.of("an unknown docs asset", "GET", "/docs/assets/secret.js", null, 404, "not-found"),
        Bad.of("text/plain", "POST", "/v1/entities", "{\"display_name\": \"x\"}", 415, "unsupported-media-type")
            .with("Content-Type", "text/plain"),
        Bad.of("form data", "PATCH", ENTITY, "display_name=x", 415, "unsupported-media-type")
            .with("Content-Type", "application/x-www-form-urlencoded"),
        Bad.of("an unknown route", "GET", "/v1/nothing-here", null, 404, "not-found"),
        Bad.of("an unknown route below a resource", "GET", "/v1/entities/{id}/photos", null, 404, "not-found"),
        Bad.of("PUT on entities", "PUT", ENTITY, "{\"display_name\": \"x\"}", 405, "method-not-allowed"),
        Bad.of("DELETE on the entity list", "DELETE", "/v1/entities", null, 405, "method-not-allowed"),
        Bad.of("POST on health", "POST", "/healthz", "{}", 405, "method-not-allowed"),
        Bad.of("a stale If-Match", "PATCH", ENTITY, "{\"display_name\": \"x\"}", 412, "precondition-failed")
            .with("If-Match", "\"9\""),
        Bad.of("an If-Match that is no version", "DELETE", ENTITY, null, 412, "precondition-failed")
            .with("If-Match", "\"abc\""),
        Bad.of("a field definition violated", "PATCH", ENTITY, "{\"fields\": {\"age\": \"old\"}}", 422,
            "validation-failed", "fields.age"),
        Bad.of("a blank display name", "PATCH", ENTITY, "{\"display_name\": \"   \"}", 422, "validation-failed",
            "display_name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void clientMistakesAreProblemsAndChangeNothing(Bad bad) throws Exception {
    String path = bad.path().replace("{id}", entityId);
    String body = bad.body() == null ? null : bad.body().replace("{id}", entityId);
    String[] headers = bad.headers().toArray(String[]::new);

    HttpResponse<String> r = api.call(bad.method(), path, body, headers);

    JsonObject problem = assertProblem(r, bad.status(), bad.slug());
    assertThat(problem.getString("instance")).isEqualTo(path.replaceFirst("\\?.*", ""));
    if (!bad.fields().isEmpty()) {
      assertThat(fields(problem)).containsExactlyElementsOf(bad.fields());
    }
  }

  @Test
  void aBodyOverThirtyTwoMebibytesIs413() throws Exception {
    StringBuilder b = new StringBuilder(33 * 1024 * 1024 + 64).append("{\"display_name\": \"big\", \"aliases\": [");
    String alias = "\"" + "a".repeat(498) + "\"";
    while (b.length() < 33 * 1024 * 1024) {
      b.append(alias).append(',');
    }
    b.append(alias).append("]}");

    HttpResponse<String> r = api.call("POST", "/v1/entities", b.toString());

    assertProblem(r, 413, "payload-too-large");
  }

  @Test
  void aBodyJustUnderTheLimitIsReadAndValidated() throws Exception {
    StringBuilder b = new StringBuilder(31 * 1024 * 1024 + 64).append("{\"display_name\": \"big\", \"fields\": "
        + "{\"blob\": [");
    String chunk = "\"" + "b".repeat(1000) + "\",";
    while (b.length() < 31 * 1024 * 1024) {
      b.append(chunk);
    }
    b.append("\"end\"]}, \"unknown\": true}");

    HttpResponse<String> r = api.call("POST", "/v1/entities", b.toString());

    JsonObject problem = assertProblem(r, 400, "invalid-request");
    assertThat(fields(problem)).containsExactly("unknown");
  }

  /** Bodies over 64 KiB are validated on a worker thread: a broken one is the same 400 as a small one. */
  @Test
  void aLargeMalformedBodyIs400() throws Exception {
    String body = "{\"display_name\": \"big\", \"aliases\": [" + ("\"" + "a".repeat(98) + "\",").repeat(2_000)
        + "\"end\"";

    HttpResponse<String> r = api.call("POST", "/v1/entities", body);

    assertProblem(r, 400, "invalid-request");
    assertThat(api.read("/v1/entities?limit=1&q=big").getJsonArray("items")).isEmpty();
  }

  private static String cursorOf(String sort) {
    String json = "[\"" + sort + "\",\"2020-01-01T00:00:00.000Z\",\"" + UNKNOWN + "\"]";
    return java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
