package dev.faceforge.launcher.bench;

import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code GET /v1/entities} at concurrency 1 (a latency target): plain first page, and {@code ?q=} searches
 * in two kinds, few hits and many. Every answer's {@code total} must equal the count {@link People}
 * predicts, and the page must hold {@code min(50, total)} items.
 */
final class EntityQueries {
  private static final double SEARCH_P99_MS = 10;

  private final HttpBench b;
  private final int entities;

  /** A request and the total it must report. */
  private record Query(String uri, long total) {
  }

  EntityQueries(HttpBench b) {
    this.b = b;
    this.entities = b.cfg.searchEntities();
  }

  void run() {
    Random random = new Random(7);
    List<Query> few = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      int i = random.nextInt(entities);
      few.add(search(String.format(Locale.ROOT, "person %06d", i)));
      few.add(search(People.alias(i)));
      few.add(search(People.SURNAMES.get(k % People.SURNAMES.size()).toLowerCase(Locale.ROOT)));
    }
    List<Query> many = new ArrayList<>();
    People.CITIES.forEach(c -> many.add(search(c)));
    many.add(search("group-1"));
    many.add(search("person"));
    rows("search ?q=, few hits (1–" + maxTotal(few) + "), concurrency 1", few);
    rows("search ?q=, many hits (" + minTotal(many) + "–" + maxTotal(many) + "), concurrency 1", many);
    rows("plain list (first page of " + entities + "), concurrency 1", List.of(new Query("/v1/entities", entities)));
  }

  private Query search(String q) {
    return new Query("/v1/entities?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), People.matches(q, entities));
  }

  private void rows(String name, List<Query> queries) {
    b.measure(name, "req/s", Target.maxP99Millis(SEARCH_P99_MS), 1, b.cfg.queries(),
        (concurrency, count) -> b.driver.run(count, concurrency, i -> check(queries.get(i % queries.size()))));
  }

  private io.vertx.core.Future<Void> check(Query query) {
    return b.api.json(HttpMethod.GET, query.uri(), null, 200).map(page -> {
      long total = page.getLong("total");
      int items = page.getJsonArray("items").size();
      if (total != query.total() || items != Math.min(50, total)) {
        throw new BenchFailure(query.uri() + " returned total " + total + " with " + items + " items, expected "
            + query.total());
      }
      return null;
    });
  }

  private static long maxTotal(List<Query> qs) {
    return qs.stream().mapToLong(Query::total).max().orElseThrow();
  }

  private static long minTotal(List<Query> qs) {
    return qs.stream().mapToLong(Query::total).min().orElseThrow();
  }
}
