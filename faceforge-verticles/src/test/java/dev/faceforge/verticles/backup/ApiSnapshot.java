package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every API read of a server, walked from the lists: entities (each one, its history, descriptors,
 * relationships, assets), descriptors, field definitions, relationships, relation types, assets (each
 * one, its derived assets, and the download of every live one: bytes and headers), jobs (each one and its
 * log), and the log position. Two servers with the same data answer with equal snapshots.
 */
final class ApiSnapshot {
  private static final List<String> DOWNLOAD_HEADERS = List.of("etag", "content-type", "content-length",
      "content-disposition", "accept-ranges");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Map<String, JsonObject> reads = new TreeMap<>();
  final Map<String, Download> downloads = new TreeMap<>();

  record Download(int status, Map<String, List<String>> headers, byte[] bytes) {
  }

  static ApiSnapshot of(RunningServer api) throws Exception {
    ApiSnapshot s = new ApiSnapshot();
    s.reads.put("/healthz log_position", new JsonObject().put("log_position", api.logPosition()));
    for (Object o : s.list(api, "/v1/entities?include_deleted=true&limit=1000&sort=created_at")) {
      String id = ((JsonObject) o).getString("entity_id");
      s.read(api, "/v1/entities/" + id + "?include_deleted=true");
      s.read(api, "/v1/entities/" + id + "/history?limit=1000");
      s.read(api, "/v1/relationships?entity_id=" + id + "&limit=1000");
      s.read(api, "/v1/entities/" + id + "/assets?limit=1000");
      for (Object d : s.list(api, "/v1/entities/" + id + "/descriptors?limit=1000")) {
        s.read(api, "/v1/descriptors/" + ((JsonObject) d).getString("descriptor_id"));
      }
    }
    s.read(api, "/v1/entities?sort=display_name&limit=1000");
    s.read(api, "/v1/entities?q=lov&limit=1000");
    for (Object o : s.list(api, "/v1/admin/field-defs?limit=1000")) {
      s.read(api, "/v1/admin/field-defs/" + ((JsonObject) o).getString("field_key"));
    }
    for (Object o : s.list(api, "/v1/relationships?limit=1000")) {
      s.read(api, "/v1/relationships/" + ((JsonObject) o).getString("relationship_id"));
    }
    s.read(api, "/v1/relation-types?limit=1000");
    for (Object o : s.list(api, "/v1/assets?include_deleted=true&limit=1000")) {
      JsonObject asset = (JsonObject) o;
      String id = asset.getString("asset_id");
      s.read(api, "/v1/assets/" + id + "?include_deleted=true");
      s.read(api, "/v1/assets/" + id + "/derived?limit=1000");
      if (asset.getValue("deleted_at") == null) {
        s.downloads.put(id, download(api, id));
      }
    }
    s.read(api, "/v1/assets?limit=1000");
    for (Object o : s.list(api, "/v1/jobs?limit=1000")) {
      String id = ((JsonObject) o).getString("job_id");
      s.read(api, "/v1/jobs/" + id);
      s.read(api, "/v1/jobs/" + id + "/log?limit=1000");
    }
    return s;
  }

  /** The items of a list that answers 200 in one page; other answers are recorded and give no items. */
  private JsonArray list(RunningServer api, String path) throws Exception {
    JsonObject answer = read(api, path);
    if (answer.getInteger("status") != 200) {
      return new JsonArray();
    }
    JsonObject page = answer.getJsonObject("body");
    assertThat(page.getValue("next_cursor")).as("%s fits one page", path).isNull();
    return page.getJsonArray("items");
  }

  /** Records the status and JSON body of a GET. */
  private JsonObject read(RunningServer api, String path) throws Exception {
    HttpResponse<String> r = api.get(path);
    JsonObject answer = new JsonObject().put("status", r.statusCode()).put("body", new JsonObject(r.body()));
    reads.put(path, answer);
    return answer;
  }

  private static Download download(RunningServer api, String assetId) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.base() + "/v1/assets/" + assetId
        + "/download")).header("Authorization", "Bearer " + RunningServer.TOKEN).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    Map<String, List<String>> headers = new TreeMap<>();
    r.headers().map().forEach((k, v) -> {
      if (DOWNLOAD_HEADERS.contains(k.toLowerCase())) {
        headers.put(k.toLowerCase(), v);
      }
    });
    return new Download(r.statusCode(), headers, r.body());
  }

  /** Asserts that {@code actual} answered every read and download exactly as this snapshot, except {@code skip}ped downloads. */
  void assertSameAs(ApiSnapshot actual, Set<String> skipDownloads) {
    assertThat(actual.reads.keySet()).containsExactlyElementsOf(reads.keySet());
    reads.forEach((path, body) -> assertThat(actual.reads.get(path)).as(path).isEqualTo(body));
    for (Map.Entry<String, Download> d : downloads.entrySet()) {
      if (skipDownloads.contains(d.getKey())) {
        continue;
      }
      Download got = actual.downloads.get(d.getKey());
      assertThat(got).as("download of %s", d.getKey()).isNotNull();
      assertThat(got.status()).as("download status of %s", d.getKey()).isEqualTo(200);
      assertThat(got.headers()).as("download headers of %s", d.getKey()).isEqualTo(d.getValue().headers());
      assertThat(got.bytes()).as("download bytes of %s", d.getKey()).isEqualTo(d.getValue().bytes());
    }
  }
}
