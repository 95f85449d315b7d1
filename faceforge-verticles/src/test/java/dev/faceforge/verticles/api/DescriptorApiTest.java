package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors: time-bound facts recorded under an entity, validated by descriptor-scope field definitions. */
class DescriptorApiTest {
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
  void createAnswers201WithLocationEtagAndEveryProperty() throws Exception {
    String entity = newEntity();

    HttpResponse<String> r = api.post(descriptors(entity), new JsonObject().put("key", "address")
        .put("value", new JsonObject().put("city", "London")).put("valid_from", "2010-01-01")
        .put("valid_to", "2014-12-31T23:00:00Z").put("note", "from the census"));

    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject d = api.json(r);
    String id = d.getString("descriptor_id");
    assertThat(id).matches(EntityApiTest.ID_PATTERN);
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/descriptors/" + id);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(d.fieldNames()).containsExactlyInAnyOrder("descriptor_id", "entity_id", "key", "value",
        "valid_from", "valid_to", "note", "created_at", "updated_at", "version");
    assertThat(d.getString("entity_id")).isEqualTo(entity);
    assertThat(d.getString("key")).isEqualTo("address");
    assertThat(d.getJsonObject("value")).isEqualTo(new JsonObject().put("city", "London"));
    assertThat(d.getString("valid_from")).isEqualTo("2010-01-01");
    assertThat(d.getString("valid_to")).isEqualTo("2014-12-31T23:00:00Z");
    assertThat(d.getString("note")).isEqualTo("from the census");
    assertThat(d.getString("created_at")).matches(EntityApiTest.TIME_PATTERN);
    assertThat(d.getString("updated_at")).isEqualTo(d.getString("created_at"));
    assertThat(d.getLong("version")).isEqualTo(1L);
    HttpResponse<String> got = api.get("/v1/descriptors/" + id);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.json(got)).isEqualTo(d);
    assertThat(api.get("/v1/descriptors/" + id, "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);
  }

  @Test
  void aDescriptorNeedsOnlyAKeyAndAValue() throws Exception {
    JsonObject d = api.create(descriptors(newEntity()), new JsonObject().put("key", "nickname").put("value", "Ada"));

    assertThat(d.getValue("valid_from")).isNull();
    assertThat(d.getValue("valid_to")).isNull();
    assertThat(d.getValue("note")).isNull();
    assertThat(d.containsKey("note")).isTrue();
  }

  @Test
  void listShowsTheEntitysDescriptorsFilteredByKeyAndPaged() throws Exception {
    String entity = newEntity();
    String other = newEntity();
    for (String key : List.of("phone", "email", "phone", "phone")) {
      api.create(descriptors(entity), new JsonObject().put("key", key).put("value", key + "-value"));
      Thread.sleep(2);
    }
    api.create(descriptors(other), new JsonObject().put("key", "phone").put("value", "elsewhere"));

    JsonObject all = api.read(descriptors(entity));
    JsonObject phones = api.read(descriptors(entity) + "?key=phone");
    JsonObject firstPage = api.read(descriptors(entity) + "?limit=3");
    JsonObject secondPage = api.read(descriptors(entity) + "?limit=3&cursor=" + firstPage.getString("next_cursor"));

    assertThat(all.getLong("total")).isEqualTo(4L);
    assertThat(keys(all)).containsExactly("phone", "email", "phone", "phone");
    assertThat(all.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("entity_id")))
        .containsOnly(entity);
    assertThat(phones.getLong("total")).isEqualTo(3L);
    assertThat(keys(phones)).containsOnly("phone");
    assertThat(keys(firstPage)).hasSize(3);
    assertThat(firstPage.getLong("total")).isEqualTo(4L);
    assertThat(ids(secondPage)).hasSize(1).doesNotContainAnyElementsOf(ids(firstPage));
    assertThat(secondPage.getValue("next_cursor")).isNull();
  }

  @Test
  void atReturnsTheValueValidAtThatInstant() throws Exception {
    String entity = newEntity();
    String first = address(entity, "Old Street", "2010-01-01", "2014-12-31");
    String second = address(entity, "New Road", "2015-01-01", "2019-06-30T12:00:00Z");
    String third = address(entity, "Last Lane", "2019-06-30T12:00:00.001Z", null);
    String always = api.create(descriptors(entity), new JsonObject().put("key", "nickname").put("value", "Addy"))
        .getString("descriptor_id");

    assertThat(addressAt(entity, "2012-05-05T00:00:00Z")).containsExactly(first);
    assertThat(addressAt(entity, "2010-01-01T00:00:00Z")).containsExactly(first);
    assertThat(addressAt(entity, "2014-12-31T23:59:59.999Z")).containsExactly(first);
    assertThat(addressAt(entity, "2015-01-01T00:00:00Z")).containsExactly(second);
    assertThat(addressAt(entity, "2015-01-01T01:00:00+02:00")).containsExactly(first);
    assertThat(addressAt(entity, "2019-06-30T12:00:00Z")).containsExactly(second);
    assertThat(addressAt(entity, "2019-06-30T14:00:00.001+02:00")).containsExactly(third);
    assertThat(addressAt(entity, "2099-01-01T00:00:00Z")).containsExactly(third);
    assertThat(addressAt(entity, "2009-12-31T23:59:59Z")).isEmpty();
    assertThat(ids(api.read(descriptors(entity) + "?at=" + enc("2016-01-01T00:00:00Z"))))
        .containsExactlyInAnyOrder(second, always);
    assertThat(ids(api.read(descriptors(entity)))).hasSize(4);
  }

  @Test
  void validToBeforeValidFromIs422() throws Exception {
    String entity = newEntity();
    long position = api.logPosition();

    for (String[] bounds : List.of(new String[] {"2020-01-02", "2020-01-01"},
        new String[] {"2020-01-02", "2020-01-01T23:59:59Z"},
        new String[] {"2020-01-01T12:00:00Z", "2020-01-01T11:59:59.999Z"},
        new String[] {"2020-01-01T12:00:00+02:00", "2020-01-01T09:59:59Z"})) {
      JsonObject p = assertProblem(api.post(descriptors(entity), new JsonObject().put("key", "era").put("value", 1)
          .put("valid_from", bounds[0]).put("valid_to", bounds[1])), 422, "validation-failed");
      assertThat(fields(p)).as("%s..%s", bounds[0], bounds[1]).containsExactly("valid_to");
    }

    assertThat(api.logPosition()).isEqualTo(position);
    assertThat(api.read(descriptors(entity)).getLong("total")).isZero();
  }

  @Test
  void equalOrTouchingBoundsAreAccepted() throws Exception {
    String entity = newEntity();

    for (String[] bounds : List.of(new String[] {"2020-01-01", "2020-01-01"},
        new String[] {"2020-01-01T10:00:00Z", "2020-01-01T10:00:00Z"},
        new String[] {"2020-01-01T23:00:00Z", "2020-01-01"})) {
      assertThat(api.post(descriptors(entity), new JsonObject().put("key", "day").put("value", 1)
          .put("valid_from", bounds[0]).put("valid_to", bounds[1])).statusCode())
          .as("%s..%s", bounds[0], bounds[1]).isEqualTo(201);
    }
  }

  @Test
  void impossibleDatesAre422AndMalformedOnesAre400() throws Exception {
    String entity = newEntity();

    JsonObject p = assertProblem(api.post(descriptors(entity), new JsonObject().put("key", "k").put("value", 1)
        .put("valid_from", "2023-02-29")), 422, "validation-failed");
    assertThat(fields(p)).containsExactly("valid_from");
    JsonObject q = assertProblem(api.post(descriptors(entity), new JsonObject().put("key", "k").put("value", 1)
        .put("valid_to", "last tuesday")), 400, "invalid-request");
    assertThat(fields(q)).containsExactly("valid_to");
  }

  @Test
  void patchMergesValidityAndNoteAndReplacesTheValue() throws Exception {
    String entity = newEntity();
    JsonObject d = api.create(descriptors(entity), new JsonObject().put("key", "job")
        .put("value", new JsonObject().put("title", "Clerk").put("dept", "Post")).put("valid_from", "2001-01-01")
        .put("note", "to be cleared"));
    String path = "/v1/descriptors/" + d.getString("descriptor_id");

    HttpResponse<String> r = api.patch(path, new JsonObject().put("value", new JsonObject().put("title", "Chief"))
        .put("valid_to", "2005-05-05").putNull("note"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"2\"");
    JsonObject patched = api.json(r);
    assertThat(patched.getJsonObject("value")).isEqualTo(new JsonObject().put("title", "Chief"));
    assertThat(patched.getString("valid_from")).isEqualTo("2001-01-01");
    assertThat(patched.getString("valid_to")).isEqualTo("2005-05-05");
    assertThat(patched.getValue("note")).isNull();
    assertThat(patched.getString("key")).isEqualTo("job");
    assertThat(patched.getLong("version")).isEqualTo(2L);
    assertThat(patched.getString("created_at")).isEqualTo(d.getString("created_at"));
    assertThat(api.read(path)).isEqualTo(patched);
    assertThat(idsAt(entity, "2006-01-01T00:00:00Z")).isEmpty();
    assertThat(idsAt(entity, "2003-01-01T00:00:00Z")).containsExactly(d.getString("descriptor_id"));
  }

  @Test
  void patchThatInvertsTheValidityIs422AndChangesNothing() throws Exception {
    JsonObject d = api.create(descriptors(newEntity()), new JsonObject().put("key", "term").put("value", 1)
        .put("valid_from", "2010-01-01"));
    String path = "/v1/descriptors/" + d.getString("descriptor_id");

    JsonObject p = assertProblem(api.patch(path, new JsonObject().put("valid_to", "2009-12-31")),
        422, "validation-failed");

    assertThat(fields(p)).containsExactly("valid_to");
    assertThat(api.read(path)).isEqualTo(d);
  }

  @Test
  void staleIfMatchIs412OnPatchAndDelete() throws Exception {
    JsonObject d = api.create(descriptors(newEntity()), new JsonObject().put("key", "mood").put("value", "calm"));
    String path = "/v1/descriptors/" + d.getString("descriptor_id");
    api.patch(path, new JsonObject().put("value", "busy"));

    assertProblem(api.patch(path, new JsonObject().put("value", "angry"), "If-Match", "\"1\""),
        412, "precondition-failed");
    assertProblem(api.delete(path, "If-Match", "\"1\""), 412, "precondition-failed");

    assertThat(api.read(path).getString("value")).isEqualTo("busy");
    assertThat(api.patch(path, new JsonObject().put("value", "happy"), "If-Match", "\"2\"").headers()
        .firstValue("ETag")).hasValue("\"3\"");
  }

  @Test
  void deleteRemovesTheDescriptor() throws Exception {
    String entity = newEntity();
    JsonObject d = api.create(descriptors(entity), new JsonObject().put("key", "hobby").put("value", "chess"));
    String path = "/v1/descriptors/" + d.getString("descriptor_id");

    HttpResponse<String> r = api.delete(path);

    assertThat(r.statusCode()).isEqualTo(204);
    assertProblem(api.get(path), 404, "not-found");
    assertProblem(api.patch(path, new JsonObject().put("value", "go")), 404, "not-found");
    assertProblem(api.delete(path), 404, "not-found");
    assertThat(api.read(descriptors(entity)).getLong("total")).isZero();
  }

  @Test
  void valuesAreValidatedByTheDescriptorScopeDefinitionOfTheirKey() throws Exception {
    api.create("/v1/admin/field-defs", new JsonObject().put("field_key", "height_cm").put("scope", "descriptor")
        .put("type", "integer").put("label", "Height").put("min", 30).put("max", 300));
    api.create("/v1/admin/field-defs", new JsonObject().put("field_key", "eye_colour").put("scope", "entity")
        .put("type", "enum").put("label", "Eyes").put("options", new JsonArray().add("blue")));
    String entity = newEntity();

    JsonObject ok = api.create(descriptors(entity), new JsonObject().put("key", "height_cm").put("value", 180));
    for (Object bad : List.of("tall", 500, 12.5)) {
      JsonObject p = assertProblem(api.post(descriptors(entity), new JsonObject().put("key", "height_cm")
          .put("value", bad)), 422, "validation-failed");
      assertThat(fields(p)).as("%s", bad).containsExactly("value");
    }
    JsonObject p = assertProblem(api.patch("/v1/descriptors/" + ok.getString("descriptor_id"),
        new JsonObject().put("value", "short")), 422, "validation-failed");
    assertThat(fields(p)).containsExactly("value");

    assertThat(api.post(descriptors(entity), new JsonObject().put("key", "eye_colour").put("value", "green"))
        .statusCode()).as("entity-scope definitions do not apply to descriptors").isEqualTo(201);
    assertThat(api.read("/v1/descriptors/" + ok.getString("descriptor_id")).getInteger("value")).isEqualTo(180);
  }

  @Test
  void newKeysNeedNoDefinition() throws Exception {
    JsonObject d = api.create(descriptors(newEntity()), new JsonObject().put("key", "favourite.food_2")
        .put("value", new JsonArray().add("soup").add(new JsonObject().put("spicy", true))));

    assertThat(d.getJsonArray("value"))
        .isEqualTo(new JsonArray().add("soup").add(new JsonObject().put("spicy", true)));
  }

  @Test
  void descriptorsOfUnknownOrDeletedEntitiesAre404() throws Exception {
    String unknown = "e".repeat(64);
    String deleted = newEntity();
    api.delete("/v1/entities/" + deleted);
    long position = api.logPosition();

    for (String entity : List.of(unknown, deleted)) {
      assertProblem(api.post(descriptors(entity), new JsonObject().put("key", "k").put("value", 1)),
          404, "not-found");
      assertProblem(api.get(descriptors(entity)), 404, "not-found");
    }
    assertProblem(api.get("/v1/descriptors/" + unknown), 404, "not-found");
    assertProblem(api.delete("/v1/descriptors/" + unknown), 404, "not-found");
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void keysMustBeLowerCaseDottedNames() throws Exception {
    JsonObject p = assertProblem(api.post(descriptors(newEntity()), new JsonObject().put("key", "Home Address")
        .put("value", 1)), 400, "invalid-request");

    assertThat(fields(p)).containsExactly("key");
  }

  private static String newEntity() throws Exception {
    return api.createEntity("Described", new JsonObject()).getString("entity_id");
  }

  private static String descriptors(String entityId) {
    return "/v1/entities/" + entityId + "/descriptors";
  }

  private static String address(String entity, String street, String from, String to) throws Exception {
    JsonObject body = new JsonObject().put("key", "address").put("value", street).put("valid_from", from);
    if (to != null) {
      body.put("valid_to", to);
    }
    return api.create(descriptors(entity), body).getString("descriptor_id");
  }

  private static List<String> addressAt(String entity, String at) throws Exception {
    return ids(api.read(descriptors(entity) + "?key=address&at=" + enc(at)));
  }

  private static List<String> idsAt(String entity, String at) throws Exception {
    return ids(api.read(descriptors(entity) + "?at=" + enc(at)));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("descriptor_id")).toList();
  }

  private static List<String> keys(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("key")).toList();
  }
}
