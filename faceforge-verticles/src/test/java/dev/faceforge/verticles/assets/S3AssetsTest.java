package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.assets.AssetDownloadTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.storage.LocalS3;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Assets routed to the {@code s3} provider by {@code core.json}, against a real S3 server (S3Proxy): upload,
 * streamed full and ranged downloads, deletion of the object, and the fall back to {@code fs} when S3 is down.
 */
class S3AssetsTest {
  static final String BUCKET = "faceforge-assets";

  @TempDir
  static Path home;
  @TempDir
  static Path s3Dir;
  static LocalS3 s3;
  static RunningServer api;
  static AssetHttp assets;
  static S3AsyncClient client;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start(s3Dir);
    writeConfig(home, s3.endpoint());
    api = RunningServer.start(home);
    assets = new AssetHttp(api);
    client = S3AsyncClient.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)))
        .build();
    // Core creates its bucket in the background after it started; a test listing the bucket before that
    // (one that stores nothing in S3, say) would find no bucket at all
    AssetHttp.await("Core to create its bucket", () -> client.headBucket(b -> b.bucket(BUCKET))
        .handle((ok, e) -> e == null).join(), Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    api.close();
    s3.stop();
  }

  /** A core.json routing {@code model.*} to s3 at {@code endpoint}, everything else to fs. */
  static void writeConfig(Path home, String endpoint) throws Exception {
    Path file = HomeLayout.coreConfigFile(home);
    Files.createDirectories(file.getParent());
    Files.writeString(file, new JsonObject()
        .put("auth", new JsonObject().put("install_token", RunningServer.TOKEN))
        .put("storage", new JsonObject()
            .put("routing", new JsonObject().put("default_provider", "fs")
                .put("kinds", new JsonObject().put("model", "s3")))
            .put("s3", new JsonObject().put("endpoint", endpoint).put("region", "us-east-1").put("bucket", BUCKET)
                .put("access_key", LocalS3.ACCESS_KEY).put("secret_key", LocalS3.SECRET_KEY)
                .put("path_style", true)))
        .encodePrettily());
  }

  @Test
  void loraGoesToS3AndDownloadsFullyAndInRangesFromThere() throws Exception {
    byte[] bytes = AssetHttp.bytes(71, 3 * 1024 * 1024 + 17);
    String sha = AssetHttp.sha256(bytes);

    JsonObject a = assets.upload(201, "ada.safetensors", bytes, null, "kind", "model.lora");

    assertThat(a.getString("asset_id")).isEqualTo(sha);
    assertThat(a.getJsonObject("storage")).isEqualTo(new JsonObject().put("provider", "s3").put("bucket", BUCKET)
        .put("key", key(sha)));
    assertThat(objects()).contains(key(sha));
    assertThat(assets.blobPath(sha)).doesNotExist();
    assets.awaitEmptyTmp();

    HttpResponse<byte[]> whole = assets.download(sha);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(header(whole, "Content-Length")).isEqualTo(Integer.toString(bytes.length));
    assertThat(whole.body()).isEqualTo(bytes);

    HttpResponse<byte[]> range = assets.download(sha, "Range", "bytes=1000000-1000099");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(header(range, "Content-Range")).isEqualTo("bytes 1000000-1000099/" + bytes.length);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 1_000_000, 1_000_100));

    HttpResponse<byte[]> suffix = assets.download(sha, "Range", "bytes=-10");
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length));

    HttpResponse<byte[]> several = assets.download(sha, "Range", "bytes=0-4,2000000-2000009");
    assertThat(several.statusCode()).isEqualTo(206);
    String type = header(several, "Content-Type");
    List<AssetDownloadTest.Part> parts = AssetDownloadTest.parts(several.body(),
        type.substring(type.indexOf("boundary=") + 9));
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).body()).isEqualTo(Arrays.copyOfRange(bytes, 0, 5));
    assertThat(parts.get(1).body()).isEqualTo(Arrays.copyOfRange(bytes, 2_000_000, 2_000_010));
    assertThat(header(several, "Content-Length")).isEqualTo(Integer.toString(several.body().length));

    String link = api.json(api.post("/v1/assets/" + sha + "/links", new JsonObject())).getString("path");
    assertThat(assets.anonymous("GET", link, "Range", "bytes=5-9").body())
        .isEqualTo(Arrays.copyOfRange(bytes, 5, 10));
  }

  @Test
  void otherKindsStayOnTheFilesystem() throws Exception {
    byte[] bytes = AssetHttp.bytes(72, 5000);

    JsonObject a = assets.upload(201, "notes.bin", bytes, null, "kind", "doc.binary");

    assertThat(a.getJsonObject("storage").getString("provider")).isEqualTo("fs");
    assertThat(Files.readAllBytes(assets.blobPath(a.getString("asset_id")))).isEqualTo(bytes);
    assertThat(objects()).doesNotContain(key(a.getString("asset_id")));
  }

  @Test
  void sameBytesAgainStoreNoSecondObject() throws Exception {
    byte[] bytes = AssetHttp.bytes(73, 10_000);
    String sha = assets.upload(201, "one.safetensors", bytes, null, "kind", "model.lora").getString("asset_id");
    List<String> before = objects();

    assets.upload(200, "two.safetensors", bytes, null, "kind", "model.lora");

    assertThat(objects()).isEqualTo(before).contains(key(sha));
  }

  @Test
  void deletingAnAssetRemovesItsObject() throws Exception {
    byte[] bytes = AssetHttp.bytes(74, 20_000);
    String sha = assets.upload(201, "doomed.safetensors", bytes, null, "kind", "model.lora").getString("asset_id");
    assertThat(objects()).contains(key(sha));

    assertThat(api.delete("/v1/assets/" + sha).statusCode()).isEqualTo(204);

    AssetHttp.await("the S3 object to be removed", () -> !objects().contains(key(sha)), Duration.ofSeconds(10));
    JsonObject revived = assets.upload(201, "back.safetensors", bytes, null, "kind", "model.lora");
    assertThat(revived.getString("asset_id")).isEqualTo(sha);
    assertThat(objects()).contains(key(sha));
    assertThat(assets.download(sha).body()).isEqualTo(bytes);
  }

  @Test
  void whenS3IsDownTheUploadFallsBackToFsAndSaysSo(@TempDir Path downHome) throws Exception {
    writeConfig(downHome, "http://127.0.0.1:" + closedPort());
    try (RunningServer down = RunningServer.start(downHome)) {
      AssetHttp downAssets = new AssetHttp(down);
      byte[] bytes = AssetHttp.bytes(75, 50_000);
      String sha = AssetHttp.sha256(bytes);

      JsonObject a = downAssets.upload(201, "offline.safetensors", bytes, null, "kind", "model.lora");

      assertThat(a.getJsonObject("storage")).isEqualTo(new JsonObject().put("provider", "fs").put("key", key(sha))
          .put("fallback_from", "s3"));
      assertThat(Files.readAllBytes(downAssets.blobPath(sha))).isEqualTo(bytes);
      assertThat(downAssets.download(sha, "Range", "bytes=0-9").body()).isEqualTo(Arrays.copyOf(bytes, 10));
      downAssets.awaitEmptyTmp();
      assertThat(down.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  private static String key(String sha) {
    return "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
  }

  /** Every object key in the bucket. */
  private static List<String> objects() {
    return client.listObjectsV2(b -> b.bucket(BUCKET)).join().contents().stream().map(S3Object::key).toList();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
