package dev.faceforge.verticles.api;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relationships between entities and relation-type suggestions. Only {@link #relationTypesListPrefixMatchesFirst}
 * uses types containing "sp", so its expectations do not depend on the other tests.
 */
class RelationshipApiTest {
  private static final String BASE = "/v1/relationships";

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
  void createAnswers201WithLocationEtagAndTheLowerCasedType() throws Exception {
    String a = entity("A");
    String b = entity("B");

    HttpResponse<String> r = api.post(BASE, relation(a, b, "Friend_Of")
        .put("fields", new JsonObject().put("since", 1999)));

    assertThat(r.statusCode()).isEqualTo(201);
    JsonObject rel = api.json(r);
    String id = rel.getString("relationship_id");
    assertThat(id).matches(EntityApiTest.ID_PATTERN);
    assertThat(r.headers().firstValue("Location")).hasValue(BASE + "/" + id);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(rel.fieldNames()).containsExactlyInAnyOrder("relationship_id", "source_entity_id",
        "target_entity_id", "type", "fields", "created_at", "version");
    assertThat(rel.getString("source_entity_id")).isEqualTo(a);
    assertThat(rel.getString("target_entity_id")).isEqualTo(b);
    assertThat(rel.getString("type")).isEqualTo("friend_of");
    assertThat(rel.getJsonObject("fields")).isEqualTo(new JsonObject().put("since", 1999));
    assertThat(rel.getString("created_at")).matches(EntityApiTest.TIME_PATTERN);
    assertThat(rel.getLong("version")).isEqualTo(1L);
    HttpResponse<String> got = api.get(BASE + "/" + id);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.json(got)).isEqualTo(rel);
  }

  @Test
  void listByEntityFindsRelationshipsOnEitherSide() throws Exception {
    String a = entity("A");
    String b = entity("B");
    String c = entity("C");
    String ab = api.create(BASE, relation(a, b, "friend_of")).getString("relationship_id");
    String ca = api.create(BASE, relation(c, a, "parent_of")).getString("relationship_id");
    String bc = api.create(BASE, relation(b, c, "works_with")).getString("relationship_id");

    JsonObject ofA = api.read(BASE + "?entity_id=" + a);

    assertThat(ids(ofA)).containsExactlyInAnyOrder(ab, ca);
    assertThat(ofA.getLong("total")).isEqualTo(2L);
    assertThat(ids(api.read(BASE + "?entity_id=" + b))).containsExactlyInAnyOrder(ab, bc);
    assertThat(ids(api.read(BASE + "?entity_id=" + c + "&type=PARENT_OF"))).containsExactly(ca);
    assertThat(ids(api.read(BASE + "?entity_id=" + c + "&type=friend_of"))).isEmpty();
    JsonObject page = api.read(BASE + "?entity_id=" + a + "&limit=1");
    assertThat(ids(page)).hasSize(1);
    JsonObject next = api.read(BASE + "?entity_id=" + a + "&limit=1&cursor=" + page.getString("next_cursor"));
    assertThat(ids(next)).hasSize(1).doesNotContainAnyElementsOf(ids(page));
    assertThat(next.getValue("next_cursor")).isNull();
  }

  @Test
  void deleteRemovesTheRelationship() throws Exception {
    String a = entity("A");
    String b = entity("B");
    String id = api.create(BASE, relation(a, b, "colleague_of")).getString("relationship_id");

    HttpResponse<String> r = api.delete(BASE + "/" + id);

    assertThat(r.statusCode()).isEqualTo(204);
    assertProblem(api.get(BASE + "/" + id), 404, "not-found");
    assertProblem(api.delete(BASE + "/" + id), 404, "not-found");
    assertThat(api.read(BASE + "?entity_id=" + a).getLong("total")).isZero();
    assertThat(api.post(BASE, relation(a, b, "colleague_of")).statusCode())
        .as("the same relationship can be made again").isEqualTo(201);
  }

  @Test
  void staleIfMatchOnDeleteIs412() throws Exception {
    String id = api.create(BASE, relation(entity("A"), entity("B"), "friend_of")).getString("relationship_id");

    assertProblem(api.delete(BASE + "/" + id, "If-Match", "\"7\""), 412, "precondition-failed");

    assertThat(api.get(BASE + "/" + id).statusCode()).isEqualTo(200);
    assertThat(api.delete(BASE + "/" + id, "If-Match", "\"1\"").statusCode()).isEqualTo(204);
  }

  @Test
  void aMissingOrDeletedEntityIs422NamingItsSide() throws Exception {
    String a = entity("A");
    String gone = entity("Gone");
    api.delete("/v1/entities/" + gone);
    String missing = "d".repeat(64);
    long position = api.logPosition();

    JsonObject toMissing = assertProblem(api.post(BASE, relation(a, missing, "friend_of")), 422,
        "validation-failed");
    JsonObject fromMissing = assertProblem(api.post(BASE, relation(missing, a, "friend_of")), 422,
        "validation-failed");
    JsonObject toDeleted = assertProblem(api.post(BASE, relation(a, gone, "friend_of")), 422, "validation-failed");
    JsonObject both = assertProblem(api.post(BASE, relation(missing, gone, "friend_of")), 422, "validation-failed");
    JsonObject self = assertProblem(api.post(BASE, relation(a, a, "friend_of")), 422, "validation-failed");

    assertThat(fields(toMissing)).containsExactly("target_entity_id");
    assertThat(fields(fromMissing)).containsExactly("source_entity_id");
    assertThat(fields(toDeleted)).containsExactly("target_entity_id");
    assertThat(fields(both)).containsExactly("source_entity_id", "target_entity_id");
    assertThat(fields(self)).containsExactly("target_entity_id");
    assertThat(api.logPosition()).isEqualTo(position);
  }

  @Test
  void theSameSourceTypeAndTargetIs409() throws Exception {
    String a = entity("A");
    String b = entity("B");
    api.create(BASE, relation(a, b, "friend_of"));

    assertProblem(api.post(BASE, relation(a, b, "FRIEND_OF")), 409, "conflict");

    assertThat(api.post(BASE, relation(b, a, "friend_of")).statusCode()).as("reverse direction").isEqualTo(201);
    assertThat(api.post(BASE, relation(a, b, "works_with")).statusCode()).as("other type").isEqualTo(201);
    assertThat(api.read(BASE + "?entity_id=" + a).getLong("total")).isEqualTo(3L);
  }

  @Test
  void unknownRelationshipIs404() throws Exception {
    assertProblem(api.get(BASE + "/" + "c".repeat(64)), 404, "not-found");
    assertProblem(api.delete(BASE + "/" + "c".repeat(64)), 404, "not-found");
  }

  @Test
  void relationTypesListPrefixMatchesFirst() throws Exception {
    String a = entity("A");
    String b = entity("B");
    String c = entity("C");
    String d = entity("D");
    api.create(BASE, relation(a, b, "sponsor_of"));
    api.create(BASE, relation(c, d, "sponsor_of"));
    String spouse = api.create(BASE, relation(a, c, "spouse_of")).getString("relationship_id");
    api.create(BASE, relation(a, d, "inspires"));
    api.create(BASE, relation(b, c, "inspires"));
    api.create(BASE, relation(b, d, "inspires"));

    JsonArray sp = api.read("/v1/relation-types?query=sp").getJsonArray("items");

    assertThat(sp).isEqualTo(new JsonArray()
        .add(type("sponsor_of", 2, false))
        .add(type("spouse_of", 1, true))
        .add(type("inspires", 3, false)));
    assertThat(api.read("/v1/relation-types?query=SP").getJsonArray("items")).isEqualTo(sp);
    assertThat(api.read("/v1/relation-types?query=sp&limit=2").getJsonArray("items"))
        .isEqualTo(new JsonArray().add(sp.getValue(0)).add(sp.getValue(1)));

    api.delete(BASE + "/" + spouse);
    assertThat(api.read("/v1/relation-types?query=spo").getJsonArray("items")).isEqualTo(new JsonArray()
        .add(type("sponsor_of", 2, false))
        .add(type("spouse_of", 0, true)));
  }

  @Test
  void relationTypesWithoutAQueryListSeededAndUsedTypes() throws Exception {
    JsonArray all = api.read("/v1/relation-types?limit=1000").getJsonArray("items");
    JsonArray five = api.read("/v1/relation-types?limit=5").getJsonArray("items");

    List<String> types = all.stream().map(t -> ((JsonObject) t).getString("type")).toList();
    assertThat(types).contains("parent_of", "sibling_of", "spouse_of").doesNotHaveDuplicates();
    assertThat(five).hasSize(5);
    assertThat(api.read("/v1/relation-types?query=zzz").getJsonArray("items")).isEmpty();
  }

  private static String entity(String name) throws Exception {
    return api.createEntity(name, new JsonObject()).getString("entity_id");
  }

  private static JsonObject relation(String source, String target, String type) {
    return new JsonObject().put("source_entity_id", source).put("target_entity_id", target).put("type", type);
  }

  private static JsonObject type(String type, long inUse, boolean seeded) {
    return new JsonObject().put("type", type).put("in_use", inUse).put("seeded", seeded);
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("relationship_id")).toList();
  }
}
