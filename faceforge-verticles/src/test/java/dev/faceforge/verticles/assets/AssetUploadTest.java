package dev.faceforge.verticles.assets;

import static dev.faceforge.verticles.api.Problems.assertProblem;
import static dev.faceforge.verticles.api.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.Concurrently;
import dev.faceforge.verticles.api.RunningServer;
import dev.faceforge.verticles.assets.AssetHttp.Multipart;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/assets/upload} on a real server: ids are the SHA-256 of the bytes, the type is sniffed
 * from the bytes, identical bytes are stored once, and every refused or interrupted upload leaves no temp
 * file and no event behind.
 */
class AssetUploadTest {
  @TempDir
  static Path home;
  static RunningServer api;
  static AssetHttp assets;

  @BeforeAll
  static void start() throws Exception {
    api = RunningServer.start(home);
    assets = new AssetHttp(api);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void pngUploadIsSniffedMeasuredLinkedAndStoredUnderItsHash() throws Exception {
    String entity = api.createEntity("Portrait owner", new JsonObject()).getString("entity_id");
    byte[] png = AssetHttp.png(3, 2);
    String sha = AssetHttp.sha256(png);

    HttpResponse<String> r = api.upload("notes.txt", png, "{\"source\": \"scan\", \"rating\": 4}",
        "kind", "image.original", "entity_id", entity, "role", "portrait");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue("/v1/assets/" + sha);
    JsonObject a = api.json(r);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + a.getLong("version") + "\"");
    assertThat(a.getLong("version")).isEqualTo(2L); // asset.created + asset.linked
    assertThat(a.getString("asset_id")).isEqualTo(sha);
    assertThat(a.getString("content_hash")).isEqualTo(sha);
    assertThat(a.getString("mime_type")).isEqualTo("image/png");
    assertThat(a.getLong("size_bytes")).isEqualTo(png.length);
    assertThat(a.getString("kind")).isEqualTo("image.original");
    assertThat(a.getString("original_filename")).isEqualTo("notes.txt");
    assertThat(a.getJsonObject("extracted_metadata").getInteger("width")).isEqualTo(3);
    assertThat(a.getJsonObject("extracted_metadata").getInteger("height")).isEqualTo(2);
    assertThat(a.getJsonObject("user_metadata")).isEqualTo(new JsonObject().put("source", "scan").put("rating", 4));
    assertThat(a.getJsonObject("plugin_data")).isEqualTo(new JsonObject());
    assertThat(a.getJsonArray("linked_entity_ids")).isEqualTo(new JsonArray().add(entity));
    assertThat(a.getJsonArray("links")).isEqualTo(new JsonArray().add(new JsonObject().put("entity_id", entity)
        .put("role", "portrait")));
    assertThat(a.getJsonObject("owner")).isEqualTo(new JsonObject().put("type", "entity").put("id", entity));
    assertThat(a.getJsonObject("storage")).isEqualTo(new JsonObject().put("provider", "fs")
        .put("key", "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha));
    assertThat(a.getValue("derived_from_asset_id")).isNull();
    assertThat(a.getValue("deleted_at")).isNull();
    assertThat(Files.readAllBytes(assets.blobPath(sha))).isEqualTo(png);
    assertThat(api.read("/v1/assets/" + sha)).isEqualTo(a);
    assets.awaitEmptyTmp();
  }

  @Test
  void jpegIsRecognisedFromItsBytesWhateverTheClientAndTheNameClaim() throws Exception {
    byte[] jpeg = AssetHttp.jpeg(16, 9);

    JsonObject a = assets.upload(201, "holiday.bin", jpeg, null, "kind", "image.original");

    assertThat(a.getString("mime_type")).isEqualTo("image/jpeg");
    assertThat(a.getJsonObject("extracted_metadata").getInteger("width")).isEqualTo(16);
    assertThat(a.getJsonObject("extracted_metadata").getInteger("height")).isEqualTo(9);
    assertThat(a.getJsonObject("owner")).isEqualTo(new JsonObject().put("type", "system").put("id", "core"));
    assertThat(a.getJsonObject("user_metadata")).isEqualTo(new JsonObject());
  }

  @Test
  void aPartWhoseFileNameEndsInMetaJsonIsTheCompanionMetadata() throws Exception {
    byte[] bytes = "companion metadata by file name".getBytes(StandardCharsets.UTF_8);
    Multipart form = new Multipart().field("kind", "doc.text")
        .file("sidecar", "scan_meta.json", "application/json", "{\"camera\": \"x100\"}".getBytes())
        .file("file", "scan.txt", "text/plain", bytes);

    HttpResponse<String> r = assets.upload(form);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(api.json(r).getJsonObject("user_metadata")).isEqualTo(new JsonObject().put("camera", "x100"));
    assertThat(api.json(r).getString("mime_type")).isEqualTo("text/plain");
  }

  @Test
  void fieldsMayFollowTheFilePart() throws Exception {
    byte[] bytes = AssetHttp.bytes(12, 2000);
    String owner = api.createEntity("Late fields", new JsonObject()).getString("entity_id");
    Multipart form = new Multipart().file("file", "late.bin", "application/octet-stream", bytes)
        .field("kind", "doc.binary").field("entity_id", owner).field("role", "late");

    HttpResponse<String> r = assets.upload(form);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(api.json(r).getString("asset_id")).isEqualTo(AssetHttp.sha256(bytes));
    assertThat(api.json(r).getJsonArray("links")).isEqualTo(new JsonArray().add(new JsonObject()
        .put("entity_id", owner).put("role", "late")));
  }

  @Test
  void aSecondFilePartOrAnUnknownPartIsRefusedAndLeavesNothing() throws Exception {
    byte[] one = AssetHttp.bytes(13, 70_000);
    byte[] two = AssetHttp.bytes(14, 70_000);
    JsonObject twice = refusedWithoutTrace(() -> assets.upload(new Multipart().field("kind", "doc.binary")
        .file("file", "one.bin", "application/octet-stream", one)
        .file("file", "two.bin", "application/octet-stream", two)), 400, "bad-request");
    assertThat(twice.getString("detail")).contains("'file'");
    JsonObject unknown = refusedWithoutTrace(() -> assets.upload(new Multipart().field("kind", "doc.binary")
        .file("file", "one.bin", "application/octet-stream", one)
        .file("extra", "extra.bin", "application/octet-stream", two)), 400, "bad-request");
    assertThat(unknown.getString("detail")).contains("'extra'");
    assertThat(Files.exists(assets.blobPath(AssetHttp.sha256(one)))).isFalse();
  }

  @Test
  void uploadLinkedToADeletedEntityIs404() throws Exception {
    String gone = api.createEntity("Gone", new JsonObject()).getString("entity_id");
    assertThat(api.delete("/v1/entities/" + gone).statusCode()).isEqualTo(204);

    refusedWithoutTrace(() -> api.upload("a.bin", AssetHttp.bytes(15, 100), null, "kind", "doc.binary",
        "entity_id", gone), 404, "not-found");
  }

  @Test
  void sameBytesAgainAnswer200WithTheSameAssetApplyTheLinkAndStoreNothingNew() throws Exception {
    byte[] bytes = AssetHttp.bytes(11, 40_000);
    String sha = AssetHttp.sha256(bytes);
    JsonObject first = assets.upload(201, "weights.bin", bytes, null, "kind", "model.lora");
    List<Path> stored = AssetHttp.files(assets.assetsDir());
    String other = api.createEntity("Second owner", new JsonObject()).getString("entity_id");
    long before = api.logPosition();

    HttpResponse<String> again = api.upload("renamed.bin", bytes, "{\"ignored\": true}", "kind", "doc.binary",
        "entity_id", other, "role", "copy");

    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonObject a = api.json(again);
    assertThat(a.getString("asset_id")).isEqualTo(sha);
    assertThat(a.getString("kind")).isEqualTo("model.lora");
    assertThat(a.getString("original_filename")).isEqualTo("weights.bin");
    assertThat(a.getJsonObject("user_metadata")).isEqualTo(new JsonObject());
    assertThat(a.getString("created_at")).isEqualTo(first.getString("created_at"));
    assertThat(a.getJsonArray("links")).isEqualTo(new JsonArray().add(new JsonObject().put("entity_id", other)
        .put("role", "copy")));
    assertThat(api.logPosition()).as("only asset.linked").isEqualTo(before + 1);
    assertThat(types(api.read("/v1/entities/" + other + "/history").getJsonArray("items")))
        .containsExactly("entity.created", "asset.linked");
    assertThat(AssetHttp.files(assets.assetsDir())).isEqualTo(stored);
    assertThat(stored).contains(assets.blobPath(sha));

    long linked = api.logPosition();
    assertThat(api.upload("third.bin", bytes, null, "kind", "model.lora").statusCode()).isEqualTo(200);
    assertThat(api.upload("fourth.bin", bytes, null, "kind", "model.lora", "entity_id", other, "role", "copy")
        .statusCode()).isEqualTo(200);
    assertThat(api.logPosition()).as("nothing to record").isEqualTo(linked);
    assertThat(AssetHttp.files(assets.assetsDir())).isEqualTo(stored);
    assertThat(api.read("/v1/assets?content_hash=" + sha).getLong("total")).isEqualTo(1L);
    assets.awaitEmptyTmp();
  }

  @Test
  void concurrentUploadsOfTheSameBytesMakeOneAssetWithEveryLink() throws Exception {
    int n = 6;
    byte[] bytes = AssetHttp.bytes(16, 300_000);
    String sha = AssetHttp.sha256(bytes);
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      owners.add(api.createEntity("Racer " + i, new JsonObject()).getString("entity_id"));
    }
    List<Path> before = AssetHttp.files(assets.assetsDir());
    long position = api.logPosition();

    List<Integer> statuses = Concurrently.run(n, i -> api.upload("race-" + i + ".bin", bytes, null, "kind",
        "doc.binary", "entity_id", owners.get(i), "role", "racer").statusCode());

    assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
    JsonObject a = api.read("/v1/assets/" + sha);
    assertThat(a.getJsonArray("linked_entity_ids").getList()).containsExactlyInAnyOrderElementsOf(owners);
    assertThat(api.logPosition()).as("one asset.created and one asset.linked per upload").isEqualTo(position + 1 + n);
    List<Path> after = new ArrayList<>(AssetHttp.files(assets.assetsDir()));
    after.removeAll(before);
    assertThat(after).containsExactly(assets.blobPath(sha));
    assets.awaitEmptyTmp();
  }

  @Test
  void derivedAssetsNameTheirParentAndAreListedUnderIt() throws Exception {
    String parent = assets.upload(201, "original.png", AssetHttp.png(8, 8), null, "kind", "image.original")
        .getString("asset_id");
    JsonObject thumb = assets.upload(201, "thumb.png", AssetHttp.png(2, 2), null, "kind", "image.thumbnail",
        "derived_from_asset_id", parent);

    assertThat(thumb.getString("derived_from_asset_id")).isEqualTo(parent);
    JsonObject derived = api.read("/v1/assets/" + parent + "/derived");
    assertThat(ids(derived)).containsExactly(thumb.getString("asset_id"));
    assertThat(derived.getLong("total")).isEqualTo(1L);
    assertThat(ids(api.read("/v1/assets?derived_from=" + parent))).containsExactly(thumb.getString("asset_id"));
    assertThat(ids(api.read("/v1/assets/" + thumb.getString("asset_id") + "/derived"))).isEmpty();
    assertProblem(api.get("/v1/assets/" + "0".repeat(64) + "/derived"), 404, "not-found");
  }

  @Test
  void emptyFileIsRefusedAndLeavesNothing() throws Exception {
    refusedWithoutTrace(() -> api.upload("empty.bin", new byte[0], null, "kind", "doc.binary"), 400, "bad-request");
  }

  @Test
  void missingFilePartIsRefusedAndLeavesNothing() throws Exception {
    JsonObject p = refusedWithoutTrace(() -> assets.upload(new Multipart().field("kind", "doc.binary")), 400,
        "bad-request");
    assertThat(p.getString("detail")).contains("'file'");
  }

  @Test
  void metaThatIsNotJsonOrNotAnObjectIsRefusedAndLeavesNothing() throws Exception {
    byte[] bytes = AssetHttp.bytes(21, 5000);
    JsonObject notJson = refusedWithoutTrace(() -> api.upload("a.bin", bytes, "{not json", "kind", "doc.binary"),
        400, "bad-request");
    assertThat(notJson.getString("detail")).contains("_meta.json");
    JsonObject array = refusedWithoutTrace(() -> api.upload("a.bin", bytes, "[1, 2]", "kind", "doc.binary"),
        400, "bad-request");
    assertThat(array.getString("detail")).contains("JSON object");
    assertThat(api.read("/v1/assets?content_hash=" + AssetHttp.sha256(bytes)).getLong("total")).isZero();
  }

  @Test
  void missingOrMalformedKindIsRefusedNamingKind() throws Exception {
    byte[] bytes = AssetHttp.bytes(22, 5000);
    JsonObject missing = refusedWithoutTrace(() -> api.upload("a.bin", bytes, null), 422, "validation-failed");
    assertThat(fields(missing)).containsExactly("kind");
    JsonObject malformed = refusedWithoutTrace(() -> api.upload("a.bin", bytes, null, "kind", "Not A Kind"), 422,
        "validation-failed");
    assertThat(fields(malformed)).containsExactly("kind");
  }

  @Test
  void malformedIdsAndARoleWithoutEntityAreRefusedNamingEachField() throws Exception {
    JsonObject p = refusedWithoutTrace(() -> api.upload("a.bin", AssetHttp.bytes(23, 100), null, "kind", "doc.binary",
        "entity_id", "nope", "derived_from_asset_id", "ABC", "role", "owner"), 422, "validation-failed");
    assertThat(fields(p)).containsExactlyInAnyOrder("entity_id", "derived_from_asset_id", "role");
  }

  @Test
  void unknownEntityIs404AndUnknownParentIs422AndBothLeaveNothing() throws Exception {
    byte[] bytes = AssetHttp.bytes(24, 3000);
    refusedWithoutTrace(() -> api.upload("a.bin", bytes, null, "kind", "doc.binary", "entity_id", "e".repeat(64)),
        404, "not-found");
    JsonObject p = refusedWithoutTrace(() -> api.upload("a.bin", bytes, null, "kind", "doc.binary",
        "derived_from_asset_id", "d".repeat(64)), 422, "validation-failed");
    assertThat(fields(p)).containsExactly("derived_from_asset_id");
    assertThat(Files.exists(assets.blobPath(AssetHttp.sha256(bytes)))).isFalse();
  }

  @Test
  void jsonBodyIsRefusedWith415() throws Exception {
    refusedWithoutTrace(() -> api.raw(HttpRequest.newBuilder(URI.create(api.base() + "/v1/assets/upload"))
        .header("Authorization", "Bearer " + RunningServer.TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"doc.binary\"}")).build()), 415,
        "unsupported-media-type");
  }

  @Test
  void oversizedMetaIsRefusedWith413() throws Exception {
    String meta = "{\"blob\": \"" + "x".repeat((int) UploadReceiver.MAX_META_BYTES) + "\"}";
    refusedWithoutTrace(() -> api.upload("a.bin", AssetHttp.bytes(25, 100), meta, "kind", "doc.binary"), 413,
        "payload-too-large");
  }

  @Test
  void uploadWithoutTokenIs401() throws Exception {
    refusedWithoutTrace(() -> api.raw(HttpRequest.newBuilder(URI.create(api.base() + "/v1/assets/upload"))
        .header("Content-Type", new Multipart().contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(new Multipart().field("kind", "doc.binary").bytes())).build()),
        401, "unauthorized");
  }

  @Test
  void clientVanishingMidUploadLeavesNoTempFileAndNoEvent() throws Exception {
    long before = api.logPosition();
    String boundary = "ff-vanishing";
    byte[] head = ("POST /v1/assets/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + RunningServer.TOKEN + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
        + "\r\nContent-Length: " + (200L << 20) + "\r\n\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndoc.binary\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    for (boolean reset : new boolean[] {false, true}) {
      try (Socket socket = new Socket("127.0.0.1", api.server.actualPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(head);
        byte[] chunk = AssetHttp.bytes(26, 64 * 1024);
        for (int i = 0; i < 32; i++) {
          out.write(chunk);
        }
        out.flush();
        AssetHttp.await("the temp file to appear", () -> !AssetHttp.files(assets.tmpDir()).isEmpty(),
            Duration.ofSeconds(5));
        if (reset) {
          socket.setSoLinger(true, 0); // RST instead of FIN
        }
      }
      assets.awaitEmptyTmp();
    }
    assertThat(api.logPosition()).isEqualTo(before);
    assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
    assets.upload(201, "after.bin", AssetHttp.bytes(27, 1000), null, "kind", "doc.binary");
  }

  @Test
  void expect100ContinueIsAnsweredSoTheClientSendsTheBodyAtOnce() throws Exception {
    byte[] bytes = AssetHttp.bytes(28, 5000);
    Multipart form = new Multipart().field("kind", "doc.binary").file("file", "curl.bin", "application/octet-stream",
        bytes);
    byte[] body = form.bytes();
    try (Socket socket = new Socket("127.0.0.1", api.server.actualPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/assets/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + RunningServer.TOKEN
          + "\r\nContent-Type: " + form.contentType() + "\r\nContent-Length: " + body.length
          + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();

      assertThat(head(socket)).startsWith("HTTP/1.1 100 Continue\r\n");
      out.write(body);
      out.flush();
      assertThat(head(socket)).startsWith("HTTP/1.1 201 Created\r\n");
    }
    assertThat(api.read("/v1/assets/" + AssetHttp.sha256(bytes)).getString("original_filename")).isEqualTo("curl.bin");
  }

  /** Reads one response head (status line and headers) from a raw socket. */
  private static String head(Socket socket) throws Exception {
    StringBuilder b = new StringBuilder();
    var in = socket.getInputStream();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  /** A refused upload: the problem, then no temp file, no event, and a server that still takes uploads. */
  private JsonObject refusedWithoutTrace(Call call, int status, String slug) throws Exception {
    long before = api.logPosition();
    List<Path> stored = AssetHttp.files(assets.assetsDir());

    JsonObject problem = assertProblem(call.send(), status, slug);

    assets.awaitEmptyTmp();
    assertThat(api.logPosition()).as("no event").isEqualTo(before);
    assertThat(AssetHttp.files(assets.assetsDir())).isEqualTo(stored);
    assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
    return problem;
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("asset_id")).toList();
  }

  private static List<String> types(JsonArray history) {
    return history.stream().map(o -> ((JsonObject) o).getString("type")).toList();
  }
}
