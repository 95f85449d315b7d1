package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManySubscribersTest {
  private static final int CLIENTS = 200;

  @TempDir
  Path home;

  @Test
  void twoHundredConcurrentSseClientsEachReceiveEveryEventOfABurst() throws Exception {
    Vertx clientVertx = Vertx.vertx();
    try (RunningServer s = RunningServer.start(home)) {
      HttpClient http = clientVertx.createHttpClient(new HttpClientOptions(),
          new PoolOptions().setHttp1MaxSize(CLIENTS + 10));
      List<SseClient> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(SseClient.open(s.vertx, http, s.server.actualPort(), "/v1/events/stream?after=0"));
      }
      Poll.until(Duration.ofSeconds(10), () -> "all subscriptions",
          () -> s.server.live().subscriberCount() == CLIENTS);

      burst(s);

      long end = s.server.store().lastPosition();
      assertThat(end).isEqualTo(400);
      Poll.until(Duration.ofSeconds(60), () -> "every client at " + end + ", slowest at "
          + clients.stream().mapToLong(SseClient::lastId).min().orElse(-1),
          () -> clients.stream().allMatch(c -> c.lastId() == end));
      List<Long> expected = Api.positions(Api.log(s));
      for (SseClient c : clients) {
        assertThat(c.ids()).containsExactlyElementsOf(expected);
      }
      assertThat(s.server.live().slowDisconnects()).isZero();
    } finally {
      clientVertx.close().await();
    }
  }

  /** 300 events in one transaction (a bulk upsert) while four threads create 100 entities one by one. */
  private static void burst(RunningServer s) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<?>> work = new ArrayList<>();
      work.add(pool.submit(() -> {
        JsonArray items = new JsonArray();
        for (int i = 0; i < 300; i++) {
          items.add(new JsonObject().put("display_name", "bulk" + i).put("external_ids",
              new JsonObject().put("test", "" + i)));
        }
        var r = s.call("POST", "/v1/entities/bulk-upsert", new JsonObject().put("items", items).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return null;
      }));
      for (int t = 0; t < 4; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            Api.createEntity(s, "t" + thread + "-" + i);
          }
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
