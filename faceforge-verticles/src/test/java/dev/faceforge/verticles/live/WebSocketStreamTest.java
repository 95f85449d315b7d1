package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path home;
  RunningServer s;
  WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    s = RunningServer.start(home);
    client = s.vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  private WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(s.server.actualPort()).setURI(uri);
  }

  private WebSocket connect(String uri, List<JsonObject> into) {
    WebSocketConnectOptions o = options(uri).putHeader("Authorization", "Bearer " + RunningServer.TOKEN);
    return client.connect(o).map(ws -> {
      ws.textMessageHandler(text -> into.add(new JsonObject(text)));
      return ws;
    }).await();
  }

  @Test
  void catchesUpFromAfterThenSendsLiveEventsOneCloudEventPerTextFrame() {
    for (int i = 0; i < 3; i++) {
      Api.createEntity(s, "e" + i);
    }
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    connect("/v1/events/ws?after=1", frames);
    Poll.until(WAIT, () -> "the catch-up", () -> frames.size() == 2);
    Api.createEntity(s, "live");
    Poll.until(WAIT, () -> "the live event", () -> frames.size() == 3);

    assertThat(frames).extracting(f -> f.getLong("sequence")).containsExactly(2L, 3L, 4L);
    assertThat(frames).extracting(f -> f.getString("type")).containsOnly("faceforge.entity.created");
    assertThat(frames).extracting(f -> f.getString("id"))
        .containsExactlyElementsOf(Api.log(s).subList(1, 4).stream().map(e -> e.eventId()).toList());
  }

  @Test
  void filtersApplyAndClosingUnregisters() throws Exception {
    String ada = Api.createEntity(s, "Ada");
    Api.createEntity(s, "Bob");
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    WebSocket ws = connect("/v1/events/ws?after=0&types=entity.updated&subject=entity:" + ada, frames);
    s.call("PATCH", "/v1/entities/" + ada, "{\"tags\":[\"x\"]}");
    Poll.until(WAIT, () -> "the update", () -> frames.size() == 1);
    assertThat(frames.get(0).getString("subject")).isEqualTo("entity:" + ada);
    assertThat(frames.get(0).getLong("sequence")).isEqualTo(3);

    ws.close().await();
    Poll.until(WAIT, () -> "the unsubscription", () -> s.server.live().subscriberCount() == 0);
  }

  @Test
  void missingTokenIsRefusedWith401AndAPlainGetWith426() throws Exception {
    assertThatThrownBy(() -> client.connect(options("/v1/events/ws")).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    assertThatThrownBy(() -> client.connect(options("/v1/events/ws?after=x")
        .putHeader("X-FaceForge-Token", RunningServer.TOKEN)).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(400));
    assertThat(s.call("GET", "/v1/events/ws", null).statusCode()).isEqualTo(426);
    assertThat(s.server.live().subscriberCount()).isZero();
  }
}
