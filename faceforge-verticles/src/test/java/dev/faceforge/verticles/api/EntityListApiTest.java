package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing entities: cursor and offset paging, totals, sort orders, substring search and tag filters. Each test
 * tags its own entities with a fresh tag and filters by it, so the tests share one server without interfering.
 */
class EntityListApiTest {
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
  void cursorPagingVisitsEveryEntityOnceWhileNewOnesAreCreated() throws Exception {
    for (String sort : List.of("-created_at", "created_at", "display_name", "-updated_at")) {
      String tag = freshTag();
      Set<String> existing = new HashSet<>(create(tag, 23, "Walker"));

      List<String> seen = new ArrayList<>();
      JsonObject page = list("tag=" + tag + "&sort=" + sort + "&limit=5");
      assertThat(page.getLong("total")).isEqualTo(23L);
      assertThat(page.getInteger("offset")).isZero();
      int pages = 1;
      while (true) {
        assertThat(page.getInteger("limit")).isEqualTo(5);
        assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(5);
        page.getJsonArray("items").forEach(e -> seen.add(((JsonObject) e).getString("entity_id")));
        String next = page.getString("next_cursor");
        if (next == null) {
          break;
        }
        create(tag, 1, "Latecomer " + pages);
        page = list("tag=" + tag + "&sort=" + sort + "&limit=5&cursor=" + next);
        assertThat(page.containsKey("offset")).isTrue();
        assertThat(page.getValue("offset")).isNull();
        pages++;
      }

      assertThat(seen).as("sort %s", sort).doesNotHaveDuplicates();
      assertThat(seen).as("sort %s", sort).containsAll(existing);
      assertThat(pages).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void offsetPagingReturnsConsecutiveSlicesWithTheTotal() throws Exception {
    String tag = freshTag();
    List<String> ids = create(tag, 10, "Sliced");

    JsonObject first = list("tag=" + tag + "&sort=created_at&limit=4&offset=0");
    JsonObject second = list("tag=" + tag + "&sort=created_at&limit=4&offset=4");
    JsonObject third = list("tag=" + tag + "&sort=created_at&limit=4&offset=8");
    JsonObject beyond = list("tag=" + tag + "&sort=created_at&limit=4&offset=12");

    assertThat(ids(first)).isEqualTo(ids.subList(0, 4));
    assertThat(ids(second)).isEqualTo(ids.subList(4, 8));
    assertThat(ids(third)).isEqualTo(ids.subList(8, 10));
    assertThat(ids(beyond)).isEmpty();
    for (JsonObject page : List.of(first, second, third, beyond)) {
      assertThat(page.getLong("total")).isEqualTo(10L);
      assertThat(page.getInteger("limit")).isEqualTo(4);
    }
    assertThat(first.getInteger("offset")).isZero();
    assertThat(second.getInteger("offset")).isEqualTo(4);
    assertThat(third.getInteger("offset")).isEqualTo(8);
    assertThat(first.getString("next_cursor")).isNotNull();
    assertThat(third.getValue("next_cursor")).isNull();
  }

  @Test
  void defaultPageIsFiftyNewestFirst() throws Exception {
    String tag = freshTag();
    List<String> ids = create(tag, 3, "Default");

    JsonObject page = list("tag=" + tag);

    assertThat(page.fieldNames()).containsExactlyInAnyOrder("items", "total", "limit", "offset", "next_cursor");
    assertThat(page.getInteger("limit")).isEqualTo(50);
    assertThat(page.getInteger("offset")).isZero();
    assertThat(page.getValue("next_cursor")).isNull();
    assertThat(ids(page)).containsExactly(ids.get(2), ids.get(1), ids.get(0));
  }

  @Test
  void sortByDisplayNameIsCaseInsensitiveBothWays() throws Exception {
    String tag = freshTag();
    for (String name : List.of("charlie", "Delta", "alpha", "Bravo")) {
      api.createEntity(name, tagged(tag));
    }

    assertThat(names(list("tag=" + tag + "&sort=display_name")))
        .containsExactly("alpha", "Bravo", "charlie", "Delta");
    assertThat(names(list("tag=" + tag + "&sort=-display_name")))
        .containsExactly("Delta", "charlie", "Bravo", "alpha");
    assertThat(names(walk("tag=" + tag + "&sort=display_name&limit=1")))
        .containsExactly("alpha", "Bravo", "charlie", "Delta");
  }

  @Test
  void cursorWalkByNameVisitsNamesThatDifferOnlyInCaseOnce() throws Exception {
    String tag = freshTag();
    List<String> ids = new ArrayList<>();
    for (String name : List.of("same", "Same", "SAME", "same", "Other")) {
      ids.add(api.createEntity(name, tagged(tag)).getString("entity_id"));
    }

    for (String sort : List.of("display_name", "-display_name")) {
      List<String> walked = ids(walk("tag=" + tag + "&sort=" + sort + "&limit=1"));
      assertThat(walked).as(sort).hasSize(5).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
      assertThat(walked.get(sort.startsWith("-") ? 4 : 0)).isEqualTo(ids.get(4));
    }
  }

  @Test
  void sortByCreatedAtFollowsCreationOrder() throws Exception {
    String tag = freshTag();
    List<String> ids = create(tag, 4, "Born");

    assertThat(ids(list("tag=" + tag + "&sort=created_at"))).isEqualTo(ids);
    assertThat(ids(list("tag=" + tag + "&sort=-created_at"))).isEqualTo(reversed(ids));
  }

  @Test
  void sortByUpdatedAtFollowsTheLastChange() throws Exception {
    String tag = freshTag();
    List<String> ids = create(tag, 3, "Touched");
    Thread.sleep(3);
    api.patch("/v1/entities/" + ids.get(1), new JsonObject().put("aliases", new JsonArray().add("b")));
    Thread.sleep(3);
    api.patch("/v1/entities/" + ids.get(0), new JsonObject().put("aliases", new JsonArray().add("a")));

    assertThat(ids(list("tag=" + tag + "&sort=updated_at"))).containsExactly(ids.get(2), ids.get(1), ids.get(0));
    assertThat(ids(list("tag=" + tag + "&sort=-updated_at"))).containsExactly(ids.get(0), ids.get(1), ids.get(2));
  }

  @Test
  void searchMatchesSubstringsOfNamesAliasesTagsAndFieldValuesIgnoringCase() throws Exception {
    String tag = freshTag();
    String zephyr = api.createEntity("Marguerite Zephyr", tagged(tag)
        .put("aliases", new JsonArray().add("Maggie"))
        .put("tags", new JsonArray().add(tag).add("photographer"))
        .put("fields", new JsonObject().put("city", "Reykjavik").put("bio", new JsonObject().put("year", 1987))))
        .getString("entity_id");
    String other = api.createEntity("Bob Stone", tagged(tag)
        .put("fields", new JsonObject().put("city", "Oslo"))).getString("entity_id");

    assertThat(search(tag, "zEPHy")).containsExactly(zephyr);
    assertThat(search(tag, "MAGG")).containsExactly(zephyr);
    assertThat(search(tag, "otogra")).containsExactly(zephyr);
    assertThat(search(tag, "reykj")).containsExactly(zephyr);
    assertThat(search(tag, "1987")).containsExactly(zephyr);
    assertThat(search(tag, "oslo")).containsExactly(other);
    assertThat(search(tag, "o")).containsExactlyInAnyOrder(zephyr, other);
    assertThat(search(tag, "z")).containsExactly(zephyr);
    assertThat(search(tag, "st")).containsExactly(other);
    assertThat(search(tag, "Sto")).containsExactly(other);
    assertThat(search(tag, "nowhere")).isEmpty();
    assertThat(list("tag=" + tag + "&q=" + enc("o")).getLong("total")).isEqualTo(2L);
  }

  @Test
  void searchIgnoresTheCaseOfAccentedLetters() throws Exception {
    String tag = freshTag();
    String zola = api.createEntity("Émile Zola", tagged(tag)).getString("entity_id");
    String durkheim = api.createEntity("émile durkheim", tagged(tag)
        .put("aliases", new JsonArray().add("ÆTHELRED"))).getString("entity_id");

    assertThat(search(tag, "émile")).containsExactlyInAnyOrder(zola, durkheim);
    assertThat(search(tag, "ÉMILE")).containsExactlyInAnyOrder(zola, durkheim);
    assertThat(search(tag, "æthel")).containsExactly(durkheim);
    assertThat(search(tag, "É")).containsExactlyInAnyOrder(zola, durkheim);
  }

  @Test
  void searchTakesTheQueryLiterally() throws Exception {
    String tag = freshTag();
    String percent = api.createEntity("100% Real", tagged(tag)).getString("entity_id");
    String underscore = api.createEntity("snake_case", tagged(tag)).getString("entity_id");
    String plusses = api.createEntity("C++ Guru", tagged(tag)).getString("entity_id");
    String quoted = api.createEntity("Quote \"Unquote\" [1]", tagged(tag)
        .put("fields", new JsonObject().put("height", "19.87 cm"))).getString("entity_id");
    api.createEntity("Cobol Guru", tagged(tag));

    assertThat(search(tag, "%")).containsExactly(percent);
    assertThat(search(tag, "_")).containsExactly(underscore);
    assertThat(search(tag, "0% r")).containsExactly(percent);
    assertThat(search(tag, "c++")).containsExactly(plusses);
    assertThat(search(tag, "19.87")).containsExactly(quoted);
    assertThat(search(tag, "\"unquote\"")).containsExactly(quoted);
    assertThat(search(tag, "e \"u")).containsExactly(quoted);
    assertThat(search(tag, "[1]")).containsExactly(quoted);
    assertThat(search(tag, "-1")).isEmpty();
    assertThat(search(tag, "{}")).isEmpty();
  }

  @Test
  void searchSeesChangesAndForgetsOldValues() throws Exception {
    String tag = freshTag();
    String id = api.createEntity("Before Rename", tagged(tag)).getString("entity_id");

    api.patch("/v1/entities/" + id, new JsonObject().put("display_name", "After Rename"));

    assertThat(search(tag, "before")).isEmpty();
    assertThat(search(tag, "after")).containsExactly(id);
  }

  @Test
  void repeatedTagFiltersMustAllMatch() throws Exception {
    String tag = freshTag();
    String red = api.createEntity("Red", new JsonObject().put("tags", new JsonArray().add(tag).add("red")))
        .getString("entity_id");
    String redBig = api.createEntity("Red Big", new JsonObject()
        .put("tags", new JsonArray().add(tag).add("red").add("big"))).getString("entity_id");
    String big = api.createEntity("Big", new JsonObject().put("tags", new JsonArray().add(tag).add("big")))
        .getString("entity_id");

    assertThat(ids(list("tag=" + tag))).containsExactlyInAnyOrder(red, redBig, big);
    assertThat(ids(list("tag=" + tag + "&tag=red"))).containsExactlyInAnyOrder(red, redBig);
    assertThat(ids(list("tag=" + tag + "&tag=red&tag=big"))).containsExactly(redBig);
    assertThat(list("tag=" + tag + "&tag=red&tag=big").getLong("total")).isEqualTo(1L);
    assertThat(ids(list("tag=" + tag + "&tag=green"))).isEmpty();
  }

  @Test
  void tagsAreMatchedLiterally() throws Exception {
    String tag = freshTag();
    String odd = api.createEntity("Odd tags", new JsonObject().put("tags", new JsonArray().add(tag).add("1.5")
        .add("say \"hi\"").add("50%"))).getString("entity_id");
    api.createEntity("Plain tags", tagged(tag));

    assertThat(ids(list("tag=" + tag + "&tag=1.5"))).containsExactly(odd);
    assertThat(ids(list("tag=" + tag + "&tag=" + enc("say \"hi\"") + "&tag=" + enc("50%")))).containsExactly(odd);
  }

  @Test
  void tagFilterCombinesWithSearchAndPaging() throws Exception {
    String tag = freshTag();
    List<String> ids = create(tag, 6, "Combo");
    api.createEntity("Combo elsewhere", new JsonObject());

    JsonObject page = list("tag=" + tag + "&q=combo&sort=created_at&limit=4");

    assertThat(page.getLong("total")).isEqualTo(6L);
    assertThat(ids(page)).isEqualTo(ids.subList(0, 4));
    JsonObject rest = list("tag=" + tag + "&q=combo&sort=created_at&limit=4&cursor=" + page.getString("next_cursor"));
    assertThat(ids(rest)).isEqualTo(ids.subList(4, 6));
    assertThat(rest.getValue("next_cursor")).isNull();
  }

  /** A tag of letters a-f only, so no search term of these tests can match it by accident. */
  private static String freshTag() {
    StringBuilder b = new StringBuilder("t-");
    ThreadLocalRandom.current().ints(24, 'a', 'g').forEach(c -> b.append((char) c));
    return b.toString();
  }

  private static JsonObject tagged(String tag) {
    return new JsonObject().put("tags", new JsonArray().add(tag));
  }

  /** Creates {@code n} entities tagged {@code tag}, a few milliseconds apart, and returns their ids in order. */
  private static List<String> create(String tag, int n, String name) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(api.createEntity(name + " " + i, tagged(tag)).getString("entity_id"));
      Thread.sleep(2);
    }
    return ids;
  }

  private static JsonObject list(String query) throws Exception {
    return api.read("/v1/entities?" + query);
  }

  /** Every item of a cursor walk from the first page. */
  private static JsonObject walk(String query) throws Exception {
    JsonArray all = new JsonArray();
    JsonObject page = list(query);
    while (true) {
      page.getJsonArray("items").forEach(all::add);
      if (page.getString("next_cursor") == null) {
        return new JsonObject().put("items", all);
      }
      page = list(query + "&cursor=" + page.getString("next_cursor"));
    }
  }

  private static List<String> search(String tag, String q) throws Exception {
    return ids(list("tag=" + tag + "&q=" + enc(q)));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("entity_id")).toList();
  }

  private static List<String> names(JsonObject page) {
    return page.getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("display_name")).toList();
  }

  private static List<String> reversed(List<String> ids) {
    List<String> r = new ArrayList<>(ids);
    r.sort(Comparator.comparingInt(ids::indexOf).reversed());
    return r;
  }
}
