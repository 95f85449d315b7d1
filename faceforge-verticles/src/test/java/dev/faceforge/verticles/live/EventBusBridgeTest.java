package dev.faceforge.verticles.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SockJS event-bus bridge over its raw WebSocket transport ({@code /eventbus/websocket}). */
class EventBusBridgeTest {
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

  private WebSocket connect(WebSocketConnectOptions o, List<JsonObject> frames) {
    return client.connect(o).map(ws -> {
      ws.handler(message -> frames.add(message.toJsonObject())); // the bridge answers in binary frames
      return ws;
    }).await();
  }

  private static void send(WebSocket ws, JsonObject frame) {
    ws.writeTextMessage(frame.encode()).await();
  }

  private static JsonObject register(String address) {
    return new JsonObject().put("type", "register").put("address", address);
  }

  /** Creates entities until a publication arrives (registration is asynchronous and unacknowledged). */
  private void writeUntilReceived(List<JsonObject> frames, int count) {
    Poll.until(WAIT, () -> count + " publications, got " + frames, () -> {
      if (frames.stream().filter(f -> "rec".equals(f.getString("type"))).count() >= count) {
        return true;
      }
      Api.createEntity(s, "e");
      return false;
    });
  }

  @Test
  void anAuthenticatedClientReceivesEveryCommittedEventAsACloudEvent() {
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    WebSocket ws = connect(options("/eventbus/websocket").putHeader("Authorization", "Bearer " + RunningServer.TOKEN),
        frames);
    send(ws, register("faceforge.events"));
    writeUntilReceived(frames, 1);

    JsonObject rec = frames.get(0);
    assertThat(rec.getString("address")).isEqualTo("faceforge.events");
    JsonObject ce = rec.getJsonObject("body");
    RecordedEvent logged = Api.log(s).get((int) (ce.getLong("sequence") - 1));
    assertThat(ce.getString("specversion")).isEqualTo("1.0");
    assertThat(ce.getString("id")).isEqualTo(logged.eventId());
    assertThat(ce.getString("type")).isEqualTo("faceforge." + logged.type());
    assertThat(ce.getJsonObject("data")).isEqualTo(new JsonObject(logged.data()));
  }

  @Test
  void perTypeAddressesAndTheCookieWork() {
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    WebSocket ws = connect(options("/eventbus/websocket").putHeader("Cookie", "ff_token=" + RunningServer.TOKEN),
        frames);
    send(ws, register("faceforge.events.entity.created").put("headers",
        new JsonObject().put("X-FaceForge-Token", RunningServer.TOKEN)));
    writeUntilReceived(frames, 1);
    assertThat(frames.get(0).getString("address")).isEqualTo("faceforge.events.entity.created");
    assertThat(frames.get(0).getJsonObject("body").getString("type")).isEqualTo("faceforge.entity.created");
  }

  @Test
  void withoutTheTokenTheSocketIsRefusedAndTokensInTheUrlDoNotCount() throws Exception {
    for (String uri : List.of("/eventbus/websocket", "/eventbus/websocket?token=" + RunningServer.TOKEN,
        "/eventbus/info?token=" + RunningServer.TOKEN)) {
      assertThatThrownBy(() -> client.connect(options(uri)).await()).as(uri)
          .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    }
    assertThatThrownBy(() -> client.connect(options("/eventbus/websocket")
        .putHeader("Authorization", "Bearer wrong")).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    var info = s.raw(HttpRequest.newBuilder(URI.create(s.base() + "/eventbus/info")).build());
    assertThat(info.statusCode()).isEqualTo(401);
    var xhr = s.raw(HttpRequest.newBuilder(URI.create(s.base() + "/eventbus/000/abcdefgh/xhr"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(xhr.statusCode()).isEqualTo(401);
  }

  @Test
  void theSockJsInfoEndpointAnswersWithTheToken() throws Exception {
    var info = s.call("GET", "/eventbus/info", null);
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(s.json(info).getBoolean("websocket")).isTrue();
  }

  @Test
  void inboundTrafficForeignAddressesAndWrongFrameTokensAreRefused() {
    List<Object> delivered = new CopyOnWriteArrayList<>();
    s.vertx.eventBus().consumer("faceforge.events", m -> delivered.add(m.body())).completion().await();
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    WebSocket ws = connect(options("/eventbus/websocket").putHeader("X-FaceForge-Token", RunningServer.TOKEN),
        frames);

    send(ws, new JsonObject().put("type", "send").put("address", "faceforge.events").put("body",
        new JsonObject().put("forged", true)));
    send(ws, new JsonObject().put("type", "publish").put("address", "faceforge.events.entity.created").put("body",
        new JsonObject().put("forged", true)));
    send(ws, register("faceforge.internal"));
    send(ws, register("faceforge.events").put("headers", new JsonObject().put("Authorization", "Bearer wrong")));
    Poll.until(WAIT, () -> "four refusals, got " + frames, () -> frames.size() == 4);

    assertThat(frames).extracting(f -> f.getString("type")).containsOnly("err");
    assertThat(frames).extracting(f -> f.getString("body"))
        .containsExactly("rejected", "rejected", "access_denied", "rejected");
    Api.createEntity(s, "real");
    Poll.until(WAIT, () -> "the real event", () -> delivered.size() == 1);
    assertThat(((JsonObject) delivered.get(0)).getString("type")).isEqualTo("faceforge.entity.created");
    assertThat(frames).hasSize(4); // the refused registration receives nothing
  }
}
