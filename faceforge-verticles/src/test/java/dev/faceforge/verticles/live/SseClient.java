package dev.faceforge.verticles.live;

import dev.faceforge.verticles.api.RunningServer;
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

  /** Opens {@code uri} with the token and {@code headers} (name, value, ...); returns once the head arrived. */
  static SseClient open(HttpClient http, int port, String uri, String... headers) {
    SseClient c = new SseClient();
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(uri).putHeader("Authorization", "Bearer " + RunningServer.TOKEN);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      o.putHeader(headers[i], headers[i + 1]);
    }
    c.response = http.request(o).compose(req -> req.send()).map(resp -> {
      c.attach(resp); // on the event loop, before any body data is delivered
      return resp;
    }).await();
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
