package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field definitions: CRUD under {@code /v1/admin/field-defs}, refusal of bad definitions, and validation of
 * entity {@code fields} against them. Every test defines its own keys; a test that defines a required entity
 * field removes it again, since such a definition applies to every entity created afterwards.
 */
class FieldDefinitionApiTest {
  private static final String BASE = "/v1/admin/field-defs";
  private static final AtomicInteger KEYS = new AtomicInteger();

  @TempDir
  static Path home;
  static RunningServer api;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void createAnswers201WithLocationEtagAndDefaults() throws Exception {
    String key = key("age");

    HttpResponse<String> r = api.post(BASE, def(key, "integer").put("min", 0).put("max", 150));

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue(BASE + "/" + key);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    JsonObject d = api.json(r);
    assertThat(d.fieldNames()).containsExactlyInAnyOrder("field_key", "scope", "type", "label", "description",
        "required", "options", "regex", "min", "max", "created_at", "updated_at", "version");
    assertThat(d.getString("field_key")).isEqualTo(key);
    assertThat(d.getString("scope")).isEqualTo("entity");
    assertThat(d.getString("type")).isEqualTo("integer");
    assertThat(d.getString("label")).isEqualTo("Label of " + key);
    assertThat(d.getValue("description")).isNull();
    assertThat(d.getBoolean("required")).isFalse();
    assertThat(d.getValue("options")).isNull();
    assertThat(d.getValue("regex")).isNull();
    assertThat(d.getNumber("min").intValue()).isZero();
    assertThat(d.getNumber("max").intValue()).isEqualTo(150);
    assertThat(d.getString("created_at")).matches(EntityApiTest.TIME_PATTERN);
    assertThat(d.getLong("version")).isEqualTo(1L);
    HttpResponse<String> got = api.get(BASE + "/" + key);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.json(got)).isEqualTo(d);
  }

  @Test
  void everyTypeCanBeDefined() throws Exception {
    for (String type : List.of("string", "integer", "number", "boolean", "date", "datetime", "json")) {
      assertThat(api.create(BASE, def(key(type), type)).getString("type")).isEqualTo(type);
    }
    JsonObject e = api.create(BASE, def(key("enum"), "enum").put("options", new JsonArray().add("a").add("b")));
    assertThat(e.getJsonArray("options")).isEqualTo(new JsonArray().add("a").add("b"));
    JsonObject s = api.create(BASE, def(key("descriptor"), "string").put("scope", "descriptor")
        .put("regex", "^[A-Z]+$").put("description", "Upper case only").put("required", true));
    assertThat(s.getString("scope")).isEqualTo("descriptor");
    assertThat(s.getString("regex")).isEqualTo("^[A-Z]+$");
    assertThat(s.getString("description")).isEqualTo("Upper case only");
    assertThat(s.getBoolean("required")).isTrue();
  }

  @Test
  void listIsOrderedByKeyFilteredByScopeAndPaged() throws Exception {
    String prefix = key("list");
    for (String suffix : List.of("c", "a", "b")) {
      api.create(BASE, def(prefix + "." + suffix, "string").put("scope", "descriptor"));
    }

    JsonObject descriptors = api.read(BASE + "?scope=descriptor");
    List<String> keys = keys(descriptors).stream().filter(k -> k.startsWith(prefix + ".")).toList();
    assertThat(keys).containsExactly(prefix + ".a", prefix + ".b", prefix + ".c");
    assertThat(keys(descriptors)).isSorted();
    assertThat(descriptors.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("scope")))
        .containsOnly("descriptor");
    assertThat(keys(api.read(BASE + "?scope=entity"))).doesNotContain(prefix + ".a");

    JsonObject all = api.read(BASE + "?limit=1000");
    JsonObject first = api.read(BASE + "?limit=2");
    JsonObject second = api.read(BASE + "?limit=2&cursor=" + first.getString("next_cursor"));
    assertThat(first.getLong("total")).isEqualTo(all.getLong("total"));
    assertThat(keys(first)).isEqualTo(keys(all).subList(0, 2));
    assertThat(keys(second)).isEqualTo(keys(all).subList(2, 4));
  }

  @Test
  void patchMergesChangesAndBumpsTheVersion() throws Exception {
    String key = key("patched");
    String path = BASE + "/" + key;
    api.create(BASE, def(key, "string").put("description", "old").put("regex", "^a").put("max", 10));

    HttpResponse<String> r = api.patch(path, new JsonObject().put("label", "New label").putNull("description")
        .putNull("regex").put("min", 1));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
    JsonObject d = api.json(r);
    assertThat(d.getString("label")).isEqualTo("New label");
    assertThat(d.getValue("description")).isNull();
    assertThat(d.getValue("regex")).isNull();
    assertThat(d.getNumber("min").intValue()).isEqualTo(1);
    assertThat(d.getNumber("max").intValue()).isEqualTo(10);
    assertThat(d.getString("type")).isEqualTo("string");
    assertThat(d.getLong("version")).isEqualTo(2L);
    assertThat(api.read(path)).isEqualTo(d);
  }

  @Test
  void patchWithAStaleIfMatchIs412AndChangesNothing() throws Exception {
    String key = key("guarded");
    String path = BASE + "/" + key;
    api.create(BASE, def(key, "string"));
    api.patch(path, new JsonObject().put("label", "Second"));

    assertProblem(api.patch(path, new JsonObject().put("label", "Third"), "If-Match", "\"1\""),
        412, "precondition-failed");
    assertProblem(api.delete(path, "If-Match", "\"1\""), 412, "precondition-failed");

    assertThat(api.read(path).getString("label")).isEqualTo("Second");
    assertThat(api.patch(path, new JsonObject().put("label", "Third"), "If-Match", "\"2\"").statusCode())
        .isEqualTo(200);
  }

  @Test
  void patchThatWouldMakeTheDefinitionInvalidIs422() throws Exception {
    String key = key("bounded");
    api.create(BASE, def(key, "integer").put("min", 1).put("max", 5));

    JsonObject p = assertProblem(api.patch(BASE + "/" + key, new JsonObject().put("min", 10)),
        422, "validation-failed");

    assertThat(fields(p)).containsExactly("min");
    assertThat(api.read(BASE + "/" + key).getNumber("min").intValue()).isEqualTo(1);
  }

  @Test
  void keyScopeAndTypeCannotBePatched() throws Exception {
    String key = key("fixed");
    api.create(BASE, def(key, "string"));

    assertProblem(api.patch(BASE + "/" + key, new JsonObject().put("type", "integer")), 400, "invalid-request");
    assertProblem(api.patch(BASE + "/" + key, new JsonObject().put("scope", "descriptor")), 400,
        "invalid-request");

    assertThat(api.read(BASE + "/" + key).getString("type")).isEqualTo("string");
  }

  @Test
  void deleteRemovesTheDefinitionAndStopsValidatingItsKey() throws Exception {
    String key = key("removed");
    api.create(BASE, def(key, "integer"));
    assertProblem(api.post("/v1/entities", entityWith(key, "not a number")), 422, "validation-failed");

    HttpResponse<String> r = api.delete(BASE + "/" + key);

    assertThat(r.statusCode()).isEqualTo(204);
    assertProblem(api.get(BASE + "/" + key), 404, "not-found");
    assertProblem(api.delete(BASE + "/" + key), 404, "not-found");
    assertThat(api.post("/v1/entities", entityWith(key, "not a number")).statusCode()).isEqualTo(201);
  }

  @Test
  void aDeletedKeyCanBeDefinedAgain() throws Exception {
    String key = key("again");
    api.create(BASE, def(key, "integer"));
    api.delete(BASE + "/" + key);

    HttpResponse<String> r = api.post(BASE, def(key, "string"));

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(api.json(r).getString("type")).isEqualTo("string");
  }

  @Test
  void duplicateKeyIs409() throws Exception {
    String key = key("twice");
    api.create(BASE, def(key, "string"));
    long position = api.logPosition();

    assertProblem(api.post(BASE, def(key, "integer")), 409, "conflict");

    assertThat(api.read(BASE + "/" + key).getString("type")).isEqualTo("string");
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void badDefinitionsAre422NamingTheFieldAndCreateNothing() throws Exception {
    long position = api.logPosition();
    record Bad(JsonObject body, String field) {
    }
    List<Bad> cases = List.of(
        new Bad(def(key("bad"), "enum"), "options"),
        new Bad(def(key("bad"), "string").put("regex", "(unclosed"), "regex"),
        new Bad(def(key("bad"), "integer").put("min", 5).put("max", 1), "min"),
        new Bad(def(key("bad"), "colour"), "type"),
        new Bad(def(key("bad"), "integer").put("regex", "^1$"), "regex"),
        new Bad(def(key("bad"), "string").put("options", new JsonArray().add("a")), "options"),
        new Bad(def(key("bad"), "string").put("label", "   "), "label"));

    for (Bad bad : cases) {
      JsonObject p = assertProblem(api.post(BASE, bad.body()), 422, "validation-failed");
      assertThat(fields(p)).as("%s", bad.body()).containsExactly(bad.field());
      assertProblem(api.get(BASE + "/" + bad.body().getString("field_key")), 404, "not-found");
    }
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void entityFieldsThatBreakADefinitionAre422NamingEachField() throws Exception {
    String age = key("age");
    String colour = key("colour");
    api.create(BASE, def(age, "integer").put("min", 0).put("max", 150));
    api.create(BASE, def(colour, "enum").put("options", new JsonArray().add("red").add("green")));
    long position = api.logPosition();

    JsonObject p = assertProblem(api.post("/v1/entities", new JsonObject().put("display_name", "Bad fields")
        .put("fields", new JsonObject().put(age, 200).put(colour, "blue"))), 422, "validation-failed");

    assertThat(fields(p)).containsExactlyInAnyOrder("fields." + age, "fields." + colour);
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void eachTypeAcceptsItsValuesAndRefusesOthers() throws Exception {
    record Case(String type, JsonObject extra, List<Object> good, List<Object> bad) {
    }
    List<Case> cases = List.of(
        new Case("string", new JsonObject().put("regex", "^[a-z]+$").put("min", 2).put("max", 4),
            List.of("ab", "abcd"), List.of("a", "abcde", "AB", 12)),
        new Case("integer", new JsonObject().put("min", -1).put("max", 10),
            List.of(-1, 0, 10, 3.0), List.of(11, -2, 4.5, "4", true)),
        new Case("number", new JsonObject().put("min", 0.5),
            List.of(0.5, 2, 1e3), List.of(0.25, "1.5", false)),
        new Case("boolean", new JsonObject(), List.of(true, false), List.of("true", 1)),
        new Case("enum", new JsonObject().put("options", new JsonArray().add("red").add("green")),
            List.of("red", "green"), List.of("blue", "RED", 1)),
        new Case("date", new JsonObject(), List.of("2024-02-29"),
            List.of("2023-02-29", "2024-02-29T10:00:00Z", "29.02.2024", 20240229)),
        new Case("datetime", new JsonObject(), List.of("2024-05-01T12:00:00Z", "2024-05-01T12:00:00.123+02:00"),
            List.of("2024-05-01", "2024-05-01 12:00", 1714564800)),
        new Case("json", new JsonObject(), List.of(1, "x", new JsonObject().put("a", new JsonArray().add(1)),
            new JsonArray()), List.of()));

    for (Case c : cases) {
      String key = key(c.type());
      api.create(BASE, def(key, c.type()).mergeIn(c.extra()));
      for (Object good : c.good()) {
        assertThat(api.post("/v1/entities", entityWith(key, good)).statusCode())
            .as("%s accepts %s", c.type(), good).isEqualTo(201);
      }
      for (Object bad : c.bad()) {
        JsonObject p = assertProblem(api.post("/v1/entities", entityWith(key, bad)), 422, "validation-failed");
        assertThat(fields(p)).as("%s refuses %s", c.type(), bad).containsExactly("fields." + key);
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aCatastrophicallyBacktrackingRegexIsRefusedQuicklyAndWritesGoOn() throws Exception {
    String key = key("evil");
    // Java's engine memoizes simple nested loops like (a+)+, but not a repeated group around .*
    api.create(BASE, def(key, "string").put("regex", "^(.*a){12}$"));
    long position = api.logPosition();
    long started = System.nanoTime();

    // about 40^12 paths to try: without a bound the writer thread would be busy for years
    JsonObject p = assertProblem(api.post("/v1/entities", entityWith(key, "a".repeat(40) + "!")), 422,
        "validation-failed");

    assertThat(fields(p)).containsExactly("fields." + key);
    assertThat(p.encode()).contains("backtracks too much");
    assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
    assertThat(api.logPosition()).isEqualTo(position);
    assertThat(api.post("/v1/entities", entityWith(key, "a".repeat(40))).statusCode()).isEqualTo(201);
  }

  @Test
  void requiredFieldMustBePresentOnCreateButOldEntitiesCanStillBePatched() throws Exception {
    String old = api.createEntity("Before the rule", new JsonObject()).getString("entity_id");
    String required = key("required");
    api.create(BASE, def(required, "string").put("required", true));
    try {
      JsonObject p = assertProblem(api.post("/v1/entities", new JsonObject().put("display_name", "No value")),
          422, "validation-failed");
      assertThat(fields(p)).containsExactly("fields." + required);
      assertThat(api.post("/v1/entities", entityWith(required, "given")).statusCode()).isEqualTo(201);

      HttpResponse<String> patched = api.patch("/v1/entities/" + old, new JsonObject()
          .put("display_name", "Renamed").put("fields", new JsonObject().put("unrelated", 1)));

      assertThat(patched.statusCode()).isEqualTo(200);
      assertThat(api.json(patched).getJsonObject("fields")).isEqualTo(new JsonObject().put("unrelated", 1));
      JsonObject removal = assertProblem(api.patch("/v1/entities/" + old,
          new JsonObject().put("fields", new JsonObject().putNull(required))), 422, "validation-failed");
      assertThat(fields(removal)).containsExactly("fields." + required);
    } finally {
      api.delete(BASE + "/" + required);
    }
  }

  @Test
  void patchValidatesOnlyTheFieldsItTouches() throws Exception {
    String key = key("strict");
    String id = api.create("/v1/entities", entityWith(key, "legacy text")).getString("entity_id");
    api.create(BASE, def(key, "integer"));

    assertThat(api.patch("/v1/entities/" + id, new JsonObject().put("tags", new JsonArray().add("ok")))
        .statusCode()).isEqualTo(200);
    JsonObject p = assertProblem(api.patch("/v1/entities/" + id,
        new JsonObject().put("fields", new JsonObject().put(key, "still text"))), 422, "validation-failed");

    assertThat(fields(p)).containsExactly("fields." + key);
    assertThat(api.read("/v1/entities/" + id).getJsonObject("fields").getString(key)).isEqualTo("legacy text");
  }

  @Test
  void descriptorScopeDefinitionsDoNotValidateEntityFields() throws Exception {
    String key = key("height");
    api.create(BASE, def(key, "integer").put("scope", "descriptor"));

    assertThat(api.post("/v1/entities", entityWith(key, "tall")).statusCode()).isEqualTo(201);
  }

  private static String key(String hint) {
    return "k" + KEYS.incrementAndGet() + "_" + hint;
  }

  private static JsonObject def(String key, String type) {
    return new JsonObject().put("field_key", key).put("type", type).put("label", "Label of " + key);
  }

  private static JsonObject entityWith(String key, Object value) {
    return new JsonObject().put("display_name", "Has " + key).put("fields", new JsonObject().put(key, value));
  }

  private static List<String> keys(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("field_key")).toList();
  }
}
