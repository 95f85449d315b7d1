package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static dev.faceforge.verticles.assets.AssetDownloadTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed download links: they open one asset's download without the token until they expire, and nothing else. */
class AssetLinksTest {
  @TempDir
  static Path home;
  static RunningServer api;
  static AssetHttp assets;
  static byte[] bytes;
  static String id;
  static String otherId;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    assets = new AssetHttp(api);
    bytes = AssetHttp.bytes(41, 20_000);
    id = assets.upload(201, "lora.safetensors", bytes, null, "kind", "model.lora").getString("asset_id");
    otherId = assets.upload(201, "other.bin", AssetHttp.bytes(42, 100), null, "kind", "doc.binary")
        .getString("asset_id");
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void linkDownloadsWithoutTheTokenUntilItExpires() throws Exception {
    long before = Instant.now().getEpochSecond();
    HttpResponse<String> created = api.post("/v1/assets/" + id + "/links", new JsonObject());
    long after = Instant.now().getEpochSecond();

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonObject link = api.json(created);
    assertThat(link.fieldNames()).containsExactlyInAnyOrder("url", "path", "expires_at");
    String path = link.getString("path");
    long expires = expires(path);
    assertThat(expires).isBetween(before + 3600, after + 3600);
    assertThat(path).matches("^/v1/assets/" + id + "/download\\?expires=" + expires + "&sig=[A-Za-z0-9_-]{43}$");
    assertThat(link.getString("url")).isEqualTo(api.base() + path);
    assertThat(link.getString("expires_at")).isEqualTo(Instant.ofEpochSecond(expires).toString());

    HttpResponse<byte[]> whole = assets.anonymous("GET", path);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(bytes);
    assertThat(header(whole, "ETag")).isEqualTo("\"" + id + "\"");

    HttpResponse<byte[]> range = assets.anonymous("GET", path, "Range", "bytes=100-199");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 100, 200));
    assertThat(header(range, "Content-Range")).isEqualTo("bytes 100-199/20000");

    HttpResponse<byte[]> head = assets.anonymous("HEAD", path);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Length")).isEqualTo("20000");
  }

  @Test
  void aLinkCanBeAskedForWithoutABody() throws Exception {
    HttpResponse<String> r = api.call("POST", "/v1/assets/" + id + "/links", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(assets.anonymous("GET", api.json(r).getString("path")).body()).isEqualTo(bytes);
  }

  @Test
  void tamperedSignatureIsForbidden() throws Exception {
    String path = link(id, null);
    String sig = path.substring(path.indexOf("sig=") + 4);
    String flipped = (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1);

    assertForbidden(path.replace("sig=" + sig, "sig=" + flipped));
    assertForbidden(path.replace("sig=" + sig, "sig=" + sig.substring(1)));
    assertForbidden(path.replace("sig=" + sig, "sig="));
  }

  @Test
  void theSignatureOfOneAssetDoesNotOpenAnother() throws Exception {
    assertForbidden(link(id, null).replace(id, otherId));
    assertForbidden(link(id, null).replace(id, "0".repeat(64)));
  }

  @Test
  void changingTheExpiryBreaksTheSignature() throws Exception {
    String path = link(id, null);
    long expires = expires(path);

    assertForbidden(path.replace("expires=" + expires, "expires=" + (expires + 86_400)));
    assertForbidden(path.replace("expires=" + expires, "expires=soon"));
  }

  @Test
  void expiredLinkIsForbidden() throws Exception {
    String path = link(id, 1);
    assertThat(assets.anonymous("GET", path).statusCode()).isEqualTo(200);

    long expires = expires(path);
    while (Instant.now().getEpochSecond() <= expires) { // valid through its expiry second, not after
      Thread.sleep(50);
    }
    assertForbidden(path);
  }

  @Test
  void withoutSignatureAndWithoutTokenIsUnauthorized() throws Exception {
    String path = link(id, null);

    HttpResponse<byte[]> bare = assets.anonymous("GET", "/v1/assets/" + id + "/download");
    assertThat(bare.statusCode()).isEqualTo(401);
    HttpResponse<byte[]> onlyExpiry = assets.anonymous("GET", path.substring(0, path.indexOf("&sig=")));
    assertThat(onlyExpiry.statusCode()).isEqualTo(401);
  }

  @Test
  void aSignatureOpensOnlyTheDownloadNotTheRestOfTheApi() throws Exception {
    String query = link(id, null).substring(link(id, null).indexOf('?'));

    assertThat(assets.anonymous("GET", "/v1/assets/" + id + query).statusCode()).isEqualTo(401);
    assertThat(assets.anonymous("DELETE", "/v1/assets/" + id + query).statusCode()).isEqualTo(401);
    assertThat(assets.anonymous("POST", "/v1/assets/" + id + "/links" + query).statusCode()).isEqualTo(401);
    assertThat(api.read("/v1/assets/" + id).getValue("deleted_at")).isNull();
  }

  @Test
  void expiryIsBetweenOneSecondAndSevenDays() throws Exception {
    long now = Instant.now().getEpochSecond();
    long week = expires(link(id, 604_800));
    assertThat(week - now).isBetween(604_799L, 604_801L);

    for (Object refused : new Object[] {0, 604_801, "soon"}) {
      JsonObject p = assertProblem(api.post("/v1/assets/" + id + "/links",
          new JsonObject().put("expires_in_seconds", refused)), 400, "invalid-request");
      assertThat(fields(p)).as("%s", refused).containsExactly("expires_in_seconds");
    }
  }

  @Test
  void linkForAnUnknownOrDeletedAssetIs404() throws Exception {
    assertProblem(api.post("/v1/assets/" + "0".repeat(64) + "/links", new JsonObject()), 404, "not-found");

    String doomed = assets.upload(201, "doomed.bin", AssetHttp.bytes(43, 10), null, "kind", "doc.binary")
        .getString("asset_id");
    String path = link(doomed, null);
    assertThat(api.delete("/v1/assets/" + doomed).statusCode()).isEqualTo(204);
    assertProblem(api.post("/v1/assets/" + doomed + "/links", new JsonObject()), 404, "not-found");
    HttpResponse<byte[]> stale = assets.anonymous("GET", path);
    assertThat(stale.statusCode()).isEqualTo(404);
  }

  private static String link(String assetId, Integer ttl) throws Exception {
    JsonObject body = ttl == null ? new JsonObject() : new JsonObject().put("expires_in_seconds", ttl);
    HttpResponse<String> r = api.post("/v1/assets/" + assetId + "/links", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return api.json(r).getString("path");
  }

  private static long expires(String path) {
    String q = path.substring(path.indexOf("expires=") + 8);
    return Long.parseLong(q.substring(0, q.indexOf('&')));
  }

  private static void assertForbidden(String path) throws Exception {
    HttpResponse<byte[]> r = assets.anonymous("GET", path);
    assertThat(r.statusCode()).as(path).isEqualTo(403);
    assertThat(header(r, "Content-Type")).isEqualTo("application/problem+json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"status\":403");
  }
}
