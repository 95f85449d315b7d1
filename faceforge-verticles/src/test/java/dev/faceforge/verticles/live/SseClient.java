package dev.faceforge.verticles.live;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, strict Server-Sent Events client over a Vert.x HTTP client: parses fields line by line, dispatches an
 * event on the blank line (a frame cut off by a disconnect is never dispatched, as in browsers), and records
 * comments and the retry hint.
 */
final class SseClient {
  record Event(long id, String type, String data) {
    JsonObject json() {
      return new JsonObject(data);
    }
  }

  private final List<Event> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private volatile String retry;
  private volatile boolean closed;
  private HttpClientResponse response;
  private String id;
  private String type;
  private StringBuilder data;

  /**
   * Opens {@code uri} with the token and {@code headers} (name, value, ...); returns once the head arrived. The
   * request is made from an event-loop context of {@code vertx}, so its connection runs on that loop and the
   * body handler is attached in the same task that delivers the response head. Made from the test's own thread,
   * the response callback was a separate task on another loop, and chunks that arrived before it were dropped
   * (Vert.x delivers body data only to a handler already set): the stream then lost its first events.
   */
  static SseClient open(Vertx vertx, HttpClient http, int port, String uri, String... headers) {
    SseClient c = new SseClient();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri).putHeader("Authorization", "Bearer " + RunningServer.TOKEN);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      o.putHeader(headers[i], headers[i + 1]);
    }
    Promise<HttpClientResponse> opened = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> http.request(o).compose(req -> req.send()).onComplete(ar -> {
      if (ar.succeeded()) {
        c.attach(ar.result()); // on the connection's loop, before it delivers any body data
      }
      opened.handle(ar);
    }));
    c.response = opened.future().await();
    return c;
  }

  private void attach(HttpClientResponse resp) {
    resp.handler(RecordParser.newDelimited("\n", line -> onLine(line.toString(StandardCharsets.UTF_8))));
    resp.endHandler(v -> closed = true);
    resp.exceptionHandler(e -> closed = true);
    resp.request().connection().closeHandler(v -> closed = true);
  }

  private synchronized void onLine(String line) {
    if (line.isEmpty()) {
      if (data != null) {
        events.add(new Event(Long.parseLong(id), type, data.toString()));
      }
      data = null;
      type = null;
      return;
    }
    if (line.startsWith(":")) {
      comments.add(line.substring(1).trim());
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
    switch (field) {
      case "id" -> id = value;
      case "event" -> type = value;
      case "retry" -> retry = value;
      case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      default -> throw new AssertionError("unexpected SSE field: " + line);
    }
  }

  HttpClientResponse response() {
    return response;
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<Long> ids() {
    return events.stream().map(Event::id).toList();
  }

  synchronized long lastId() {
    return events.isEmpty() ? -1 : events.get(events.size() - 1).id();
  }

  synchronized List<String> comments() {
    return List.copyOf(comments);
  }

  String retry() {
    return retry;
  }

  boolean closed() {
    return closed;
  }

  /** Drops the connection abruptly, as a crashing client or a network cut would. */
  void close() {
    response.request().connection().close().await();
  }
}
