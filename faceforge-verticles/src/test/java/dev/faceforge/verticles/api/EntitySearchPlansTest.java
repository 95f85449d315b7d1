package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code q} without tag filters over a whole server: the count comes from the search index and the page from
 * either the sorted matches or a walk along the sort's index, chosen by how many match (EntityReads.search).
 * Every plan must give what the plain list, filtered by substring, gives: the same total, the same order, the
 * same pages by cursor and by offset, for every sort, with matches spread evenly, rare, or bunched at one end.
 */
class EntitySearchPlansTest {
  private static final int ENTITIES = 2000;
  private static final String[] SURNAMES = {"Okafor", "Lindqvist", "Tanaka", "Moreau", "Silva", "Novak", "Haddad",
      "Kowalski"};
  private static final String[] CITIES = {"Lisbon", "Osaka", "Accra", "Tromsø", "Quito"};
  private static final List<String> SORTS = List.of("-created_at", "created_at", "-updated_at", "updated_at",
      "-display_name", "display_name");

  @TempDir
  static Path home;
  static RunningServer api;
  static List<String> ids = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    for (int batch = 0; batch < 8; batch++) {
      JsonArray items = new JsonArray();
      for (int i = batch * 250; i < (batch + 1) * 250; i++) {
        JsonObject item = new JsonObject()
            .put("display_name", String.format("Person %04d %s", i, SURNAMES[i % SURNAMES.length]))
            .put("tags", new JsonArray().add("group-" + (i % 20)))
            .put("fields", new JsonObject().put("city", CITIES[i % CITIES.length]).put("rank", i))
            .put("external_ids", new JsonObject().put("plans", Integer.toString(i)));
        if (i < 400) {
          item.put("aliases", new JsonArray().add("Oldtimer " + i)); // bunched at the oldest end
        }
        items.add(item);
      }
      JsonObject result = api.json(api.post("/v1/entities/bulk-upsert", new JsonObject().put("items", items)));
      result.getJsonArray("items").forEach(r -> ids.add(((JsonObject) r).getString("entity_id")));
      Thread.sleep(3); // the next batch gets later timestamps
    }
    assertThat(ids).hasSize(ENTITIES).doesNotContainNull();
    for (int i = 0; i < ENTITIES; i += 7) {
      assertThat(api.patch("/v1/entities/" + ids.get(i), new JsonObject()
          .put("display_name", (i % 2 == 0 ? "renamed " : "Renamed ") + i)).statusCode()).isEqualTo(200);
    }
    for (int i = 3; i < ENTITIES; i += 10) {
      assertThat(api.delete("/v1/entities/" + ids.get(i)).statusCode()).isEqualTo(204);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void everyPlanGivesThePlainListFilteredBySubstring() throws Exception {
    // many (walk), bunched at the oldest end (walk, then the sorted matches for newest-first sorts), a few
    // hundred (either), rare and none (sorted matches)
    List<String> queries = List.of("person", "oldtimer", "renamed", "okafor", "osaka", "group-1", "tromsø", "0042",
        "person 0123", "nobody here", "\"person", "per\"son", "%", "_0");
    for (String sort : SORTS) {
      List<JsonObject> all = walk("sort=" + sort, 1000);
      for (String q : queries) {
        List<String> expected = all.stream().filter(d -> searchText(d).contains(q.toLowerCase(Locale.ROOT)))
            .map(d -> d.getString("entity_id")).toList();
        String query = "sort=" + sort + "&q=" + URLEncoder.encode(q.toUpperCase(Locale.ROOT), StandardCharsets.UTF_8);

        JsonObject first = list(query);
        assertThat(first.getLong("total")).as(query).isEqualTo(expected.size());
        assertThat(idsOf(first)).as(query).containsExactlyElementsOf(expected.subList(0, Math.min(50, expected.size())));
        JsonObject offset = list(query + "&offset=120&limit=30");
        assertThat(offset.getLong("total")).as(query).isEqualTo(expected.size());
        assertThat(idsOf(offset)).as(query + " offset 120").containsExactlyElementsOf(
            expected.subList(Math.min(120, expected.size()), Math.min(150, expected.size())));
        assertThat(walk(query, 170).stream().map(d -> d.getString("entity_id")).toList()).as(query + " by cursor")
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void deletedEntitiesAreOutOfTheTotalAndFoundWithIncludeDeleted() throws Exception {
    String deleted = ids.get(13);
    String name = api.read("/v1/entities/" + deleted + "?include_deleted=true").getString("display_name");

    JsonObject live = list("q=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    JsonObject withDeleted = list("include_deleted=true&q=" + URLEncoder.encode(name, StandardCharsets.UTF_8));

    assertThat(live.getLong("total")).isZero();
    assertThat(idsOf(withDeleted)).containsExactly(deleted);
    assertThat(list("include_deleted=true&q=person").getLong("total")).isEqualTo(ENTITIES - ENTITIES / 7 - 1);
    assertThat(list("include_deleted=true&q=p").getLong("total")).isEqualTo(ENTITIES);
    assertThat(list("q=oldtimer").getLong("total")).isEqualTo(400 - 40);
  }

  /** Every entity the query lists, page by page along next_cursor. */
  private static List<JsonObject> walk(String query, int limit) throws Exception {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = list(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("items").forEach(d -> out.add((JsonObject) d));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return out;
  }

  private static JsonObject list(String query) throws Exception {
    var r = api.get("/v1/entities?" + query);
    assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static List<String> idsOf(JsonObject page) {
    return page.getJsonArray("items").stream().map(d -> ((JsonObject) d).getString("entity_id")).toList();
  }

  /** What q searches: names, aliases, tags and field values, lower-cased, one per line. */
  private static String searchText(JsonObject doc) {
    StringBuilder b = new StringBuilder(doc.getString("display_name"));
    doc.getJsonArray("aliases").forEach(a -> b.append('\n').append(a));
    doc.getJsonArray("tags").forEach(t -> b.append('\n').append(t));
    doc.getJsonObject("fields").forEach(f -> b.append('\n').append(f.getValue()));
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
