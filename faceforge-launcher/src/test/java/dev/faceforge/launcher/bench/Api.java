package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The load generator's HTTP client: Vert.x, keep-alive, at most {@code connections} connections, the
 * install token on every request. Every call checks the status and fails with the body when it is wrong.
 */
final class Api implements AutoCloseable {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final HttpClientAgent client;
  private final int port;
  private final MultiMap headers;

  Api(Vertx vertx, int port, String token, int connections) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(connections));
    this.port = port;
    this.headers = MultiMap.caseInsensitiveMultiMap()
        .add(HttpHeaders.AUTHORIZATION, HttpHeaders.createOptimized("Bearer " + token))
        .add(HttpHeaders.CONTENT_TYPE, JSON);
  }

  /** {@code POST /v1/entities}: expects 201 and returns the new id from {@code Location}. */
  Future<String> create(Buffer body) {
    return send(HttpMethod.POST, "/v1/entities", body, 201).map(r -> {
      String location = r.headers().get(HttpHeaders.LOCATION);
      if (location == null || !location.startsWith("/v1/entities/")) {
        throw new BenchFailure("201 without a proper Location: " + location);
      }
      return location.substring("/v1/entities/".length());
    });
  }

  /** {@code GET /v1/entities/{id}}: expects 200 and a document naming that id. */
  Future<Void> get(String id) {
    return send(HttpMethod.GET, "/v1/entities/" + id, null, 200).map(r -> {
      if (!r.body().toString().contains(id)) {
        throw new BenchFailure("GET " + id + " returned another document: " + r.body());
      }
      return null;
    });
  }

  /** A JSON GET (or POST when {@code body} is not null) that must answer {@code status}. */
  Future<JsonObject> json(HttpMethod method, String uri, Buffer body, int status) {
    return send(method, uri, body, status).map(r -> r.body().toJsonObject());
  }

  /** Any request that must answer {@code status}, with its body read. */
  Future<Reply> raw(HttpMethod method, String uri, Buffer body, int status) {
    return send(method, uri, body, status);
  }

  /** A response with its body fully read. */
  record Reply(HttpClientResponse response, Buffer body) {
    MultiMap headers() {
      return response.headers();
    }
  }

  private Future<Reply> send(HttpMethod method, String uri, Buffer body, int expected) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
        .setURI(uri).setHeaders(headers);
    // The body handler must be set in the same event-loop task that sends the request. Chained after
    // send() instead, a caller on a non-Vert.x thread (main polling with await()) can attach it after a
    // small response has already ended, and the body future then never completes (a rare hang).
    return client.request(options)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(resp -> resp.body().map(b -> new Reply(resp, b))))
        .map(r -> {
          if (r.response().statusCode() != expected) {
            throw new BenchFailure(method + " " + uri + " answered " + r.response().statusCode() + " (expected "
                + expected + "): " + r.body());
          }
          return r;
        });
  }

  @Override
  public void close() {
    client.close().await();
  }
}
