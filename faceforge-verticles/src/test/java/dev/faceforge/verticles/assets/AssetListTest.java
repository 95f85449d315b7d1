package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.assets.AssetUploadTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asset lists: newest first, filtered by kind, media-type prefix, linked entity and hash, paged by cursor or
 * offset; an entity's assets by kind.
 */
class AssetListTest {
  @TempDir
  static Path home;
  static RunningServer api;
  static String owner;
  static String png;
  static String jpeg;
  static String text;
  static String lora;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    AssetHttp assets = new AssetHttp(api);
    owner = api.createEntity("Owner", new JsonObject()).getString("entity_id");
    // uploaded in this order, a few milliseconds apart so that created_at orders them
    png = upload(assets, "a.png", AssetHttp.png(5, 5), "kind", "image.original", "entity_id", owner);
    jpeg = upload(assets, "b.jpg", AssetHttp.jpeg(5, 5), "kind", "image.thumbnail");
    text = upload(assets, "c.txt", "plain words\n".getBytes(), "kind", "doc.text");
    lora = upload(assets, "d.safetensors", AssetHttp.bytes(61, 2048), "kind", "model.lora", "entity_id", owner,
        "role", "weights");
  }

  private static String upload(AssetHttp assets, String name, byte[] bytes, String... fields) throws Exception {
    Thread.sleep(5);
    return assets.upload(201, name, bytes, null, fields).getString("asset_id");
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void listIsNewestFirstWithTheTotal() throws Exception {
    JsonObject page = api.read("/v1/assets");

    assertThat(ids(page)).containsExactly(lora, text, jpeg, png);
    assertThat(page.getLong("total")).isEqualTo(4L);
    assertThat(page.getValue("next_cursor")).isNull();
  }

  @Test
  void filtersSelectExactly() throws Exception {
    assertThat(ids(api.read("/v1/assets?kind=model.lora"))).containsExactly(lora);
    assertThat(ids(api.read("/v1/assets?kind=image.other"))).isEmpty();
    assertThat(ids(api.read("/v1/assets?mime=image/"))).containsExactly(jpeg, png);
    assertThat(ids(api.read("/v1/assets?mime=image/png"))).containsExactly(png);
    assertThat(ids(api.read("/v1/assets?mime=text/"))).containsExactly(text);
    assertThat(ids(api.read("/v1/assets?entity_id=" + owner))).containsExactly(lora, png);
    assertThat(ids(api.read("/v1/assets?content_hash=" + text))).containsExactly(text);
    assertThat(ids(api.read("/v1/assets?content_hash=" + "0".repeat(64)))).isEmpty();
    assertThat(ids(api.read("/v1/assets?entity_id=" + owner + "&mime=image/"))).containsExactly(png);
    assertThat(api.read("/v1/assets?kind=model.lora").getLong("total")).isEqualTo(1L);
  }

  @Test
  void anEntitysAssetsFilteredByKind() throws Exception {
    assertThat(ids(api.read("/v1/entities/" + owner + "/assets?kind=model.lora"))).containsExactly(lora);
    assertThat(ids(api.read("/v1/entities/" + owner + "/assets"))).containsExactly(lora, png);
    assertThat(ids(api.read("/v1/entities/" + owner + "/assets?kind=doc.text"))).isEmpty();
  }

  @Test
  void theAssetsOfAnUnknownOrDeletedEntityAre404() throws Exception {
    assertProblem(api.get("/v1/entities/" + "e".repeat(64) + "/assets"), 404, "not-found");
    String gone = api.createEntity("Gone", new JsonObject()).getString("entity_id");
    assertThat(api.delete("/v1/entities/" + gone).statusCode()).isEqualTo(204);
    assertProblem(api.get("/v1/entities/" + gone + "/assets?kind=model.lora"), 404, "not-found");
  }

  @Test
  void cursorPagingWalksEveryAssetOnce() throws Exception {
    JsonObject first = api.read("/v1/assets?limit=3");
    assertThat(ids(first)).containsExactly(lora, text, jpeg);
    assertThat(first.getInteger("limit")).isEqualTo(3);
    assertThat(first.getLong("total")).isEqualTo(4L);
    String cursor = first.getString("next_cursor");
    assertThat(cursor).isNotNull();

    JsonObject second = api.read("/v1/assets?limit=3&cursor=" + cursor);
    assertThat(ids(second)).containsExactly(png);
    assertThat(second.getValue("next_cursor")).isNull();
  }

  @Test
  void offsetPaging() throws Exception {
    assertThat(ids(api.read("/v1/assets?limit=2&offset=1"))).containsExactly(text, jpeg);
    assertThat(ids(api.read("/v1/assets?limit=2&offset=3"))).containsExactly(png);
    assertThat(ids(api.read("/v1/assets?offset=4"))).isEmpty();
  }

  @Test
  void badListParametersAre400() throws Exception {
    assertProblem(api.get("/v1/assets?limit=0"), 400, "invalid-request");
    assertProblem(api.get("/v1/assets?kind=image"), 400, "invalid-request"); // not a dotted kind
    assertProblem(api.get("/v1/assets?entity_id=nope"), 400, "invalid-request");
    assertProblem(api.get("/v1/assets?cursor=garbage"), 400, "bad-request");
    assertProblem(api.get("/v1/assets?cursor=x&offset=1"), 400, "bad-request");
  }

}
