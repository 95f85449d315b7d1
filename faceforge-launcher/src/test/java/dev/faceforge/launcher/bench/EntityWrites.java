package dev.faceforge.launcher.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code POST /v1/entities} at concurrency 1 and 16, {@code GET /v1/entities/{id}}, and the bulk top-up
 * to the list/search size. Each create round checks that the log grew by exactly one event per create
 * and that every create answered 201 with its own new id.
 */
final class EntityWrites {
  private final HttpBench b;

  EntityWrites(HttpBench b) {
    this.b = b;
  }

  void creates(int concurrency, int perRound) {
    b.measure("entity create, HTTP, concurrency " + concurrency, "creates/s",
        concurrency == 1 ? Target.none() : Target.minRate(10_000), concurrency, perRound, this::createRound);
  }

  private LoadDriver.Run createRound(int concurrency, int count) {
    int base = b.ids.size();
    Buffer[] bodies = new Buffer[count];
    for (int i = 0; i < count; i++) {
      bodies[i] = People.createBuffer(base + i);
    }
    String[] created = new String[count];
    long before = b.server.logPosition();
    LoadDriver.Run run = b.driver.run(count, concurrency, i -> b.api.create(bodies[i]).map(id -> created[i] = id));
    long appended = b.server.logPosition() - before;
    if (appended != count) {
      throw new BenchFailure(count + " creates appended " + appended + " events (expected one each)");
    }
    if (Arrays.stream(created).distinct().count() != count) {
      throw new BenchFailure(count + " creates did not return " + count + " distinct ids");
    }
    b.ids.addAll(Arrays.asList(created));
    return run;
  }

  void gets(int perRound) {
    Random random = new Random(42);
    b.measure("entity get by id, HTTP, concurrency " + BenchConfig.CONCURRENCY, "gets/s", Target.minRate(20_000),
        BenchConfig.CONCURRENCY, perRound, (concurrency, count) -> {
          String[] pick = new String[count];
          for (int i = 0; i < count; i++) {
            pick[i] = b.ids.get(random.nextInt(b.ids.size()));
          }
          return b.driver.run(count, concurrency, i -> b.api.get(pick[i]));
        });
  }

  /** Brings the store to exactly {@code target} live entities with bulk upserts of up to 1,000 items. */
  void topUp(int target) {
    int have = b.ids.size();
    if (have > target) {
      throw new BenchFailure("the create rounds made " + have + " entities, more than the " + target
          + " list/search needs; lower the create counts");
    }
    for (int from = have; from < target; from += 1_000) {
      int to = Math.min(target, from + 1_000);
      JsonArray items = new JsonArray();
      for (int i = from; i < to; i++) {
        items.add(People.bulkItem(i));
      }
      JsonObject r = b.api.json(HttpMethod.POST, "/v1/entities/bulk-upsert",
          new JsonObject().put("items", items).toBuffer(), 200).await();
      if (r.getInteger("created") != to - from || r.getInteger("failed") != 0) {
        throw new BenchFailure("bulk upsert of " + (to - from) + " items answered " + r.encode().substring(0, 200));
      }
      r.getJsonArray("items").forEach(item -> b.ids.add(((JsonObject) item).getString("entity_id")));
    }
    long total = b.api.json(HttpMethod.GET, "/v1/entities?limit=1", null, 200).await().getLong("total");
    long position = b.api.json(HttpMethod.GET, "/healthz", null, 200).await().getLong("log_position");
    if (total != target || position != target) {
      throw new BenchFailure("expected " + target + " entities and log position " + target + ", the server says "
          + total + " and " + position);
    }
    b.report.note("list/search ran over " + total + " live entities (" + have + " from the create rounds, "
        + (target - have) + " from bulk upsert); /healthz log_position = " + position + " = one event per entity");
  }
}
