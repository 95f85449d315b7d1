package dev.faceforge.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.ServerSettings;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.CoreConfigLoader;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.config.HostEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export}, {@code import} and {@code verify} through {@code Main}, in-process: output and exit codes. */
class BackupCommandsTest {
  private static final String TOKEN = "b".repeat(20) + "0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;
  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    HostEnvironment host = new HostEnvironment(Map.of(), "Linux", dir.resolve("user-home").toString());
    OptionalInt exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), host);
    return exit.orElseThrow();
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exportImportAndVerifyEndToEnd() throws Exception {
    Path original = dir.resolve("original");
    Path restored = dir.resolve("restored");
    Path archive = dir.resolve("backups/one.zip");
    String entities;
    try (Server server = Server.start(original)) {
      server.post("/v1/entities", new JsonObject().put("display_name", "Ada Lovelace"));
      server.post("/v1/entities", new JsonObject().put("display_name", "Charles Babbage"));
      server.bulkImport(Files.writeString(Files.createDirectories(dir.resolve("files")).resolve("note.txt"), "hello")
          .getParent());
      entities = server.get("/v1/entities?sort=created_at&limit=1000");

      assertThat(run("export", "--home", original.toString(), "--to", archive.toString())).isZero();
      assertThat(out()).matches("Exported \\d+ events \\(up to position \\d+\\) and 1 blobs \\(0\\.0 MB\\) to "
          + java.util.regex.Pattern.quote(archive.toString()) + " \\(0\\.0 MB\\) in [0-9.]+ s: [0-9.]+ MB/s, \\d+ events/s\\R");
      assertThat(err()).isEmpty();
    }

    assertThat(run("import", "--home", restored.toString(), "--from", archive.toString())).isZero();
    assertThat(out()).startsWith("Imported ").contains(" and 1 blobs ")
        .endsWith("Restored into " + restored + "; start it with: faceforge serve --home " + restored
            + System.lineSeparator());
    assertThat(err()).isEmpty();

    assertThat(run("verify", "--home", restored.toString())).isZero();
    assertThat(out()).startsWith("No problems found: ").contains(", 1 assets (0.0 MB) checked in ");
    try (Server server = Server.start(restored)) {
      assertThat(server.get("/v1/entities?sort=created_at&limit=1000")).isEqualTo(entities);
    }

    assertThat(run("import", "--home", restored.toString(), "--from", archive.toString())).isEqualTo(1);
    assertThat(err()).startsWith("FaceForge: import failed: refusing to import into " + restored
        + ": its event log already has ");

    try (var blobs = Files.walk(restored.resolve("assets"))) {
      for (Path blob : blobs.filter(Files::isRegularFile).toList()) {
        Files.delete(blob);
      }
    }
    assertThat(run("verify", "--home", restored.toString())).isEqualTo(1);
    assertThat(out().lines().toList()).hasSize(2);
    assertThat(out().lines().toList().get(0)).matches("asset [0-9a-f]{64}: bytes missing from fs \\(sha256/.*\\)");
    assertThat(out().lines().toList().get(1)).startsWith("1 problem(s) found: ");
  }

  @Test
  void aTruncatedArchiveIsRefusedWithExitCodeOne() throws Exception {
    Path original = dir.resolve("original");
    Path archive = dir.resolve("one.zip");
    try (Server server = Server.start(original)) {
      server.post("/v1/entities", new JsonObject().put("display_name", "Ada"));
    }
    assertThat(run("export", "--home", original.toString(), "--to", archive.toString())).isZero();
    byte[] all = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(all, all.length - 30));

    assertThat(run("import", "--home", dir.resolve("new").toString(), "--from", archive.toString())).isEqualTo(1);

    assertThat(err()).startsWith("FaceForge: import failed: archive truncated: " + archive + " has no ZIP end record");
    assertThat(dir.resolve("new/db/core.sqlite3")).doesNotExist();
  }

  @Test
  void exportToAnExistingFileAndVerifyWithoutADatabaseFail() throws Exception {
    Path existing = Files.writeString(dir.resolve("taken.zip"), "x");
    Path home = dir.resolve("home");

    assertThat(run("verify", "--home", home.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("FaceForge: verify failed: no database to verify at " + home.resolve("db/core.sqlite3")
        + System.lineSeparator());

    try (Server server = Server.start(home)) {
      server.post("/v1/entities", new JsonObject().put("display_name", "Ada"));
    }
    assertThat(run("export", "--home", home.toString(), "--to", existing.toString())).isEqualTo(1);
    assertThat(err()).isEqualTo("FaceForge: export failed: " + existing
        + " already exists; choose a new file for the archive" + System.lineSeparator());
    assertThat(run("export", "--home", home.toString(), "--to", dir.resolve("x.zip").toString(), "--until", "99"))
        .isEqualTo(1);
    assertThat(err()).isEqualTo("FaceForge: export failed: position 99 is not in the log (it has positions 1-1)"
        + System.lineSeparator());
    assertThat(dir.resolve("x.zip")).doesNotExist();
  }

  @Test
  void usageMistakesExitWithTwo() {
    assertThat(run("export", "--home", dir.toString())).isEqualTo(2);
    assertThat(err()).isEqualTo("FaceForge: export needs --to FILE (see --help)" + System.lineSeparator());
    assertThat(run("import", "--from", "x.zip", "--until", "soon")).isEqualTo(2);
    assertThat(run("verify", "--to", "x")).isEqualTo(2);
  }

  /** A real server over a home (with {@link #TOKEN} unless a command created its core.json first), and a tiny client. */
  private record Server(Vertx vertx, FaceForgeServer server, String token) implements AutoCloseable {
    static Server start(Path home) throws Exception {
      Path config = HomeLayout.coreConfigFile(home);
      Files.createDirectories(config.getParent());
      if (!Files.exists(config)) {
        Files.writeString(config, "{\"auth\": {\"install_token\": \"" + TOKEN + "\"}}");
      }
      CoreConfig loaded = CoreConfigLoader.load(config);
      HomeLayout layout = HomeLayout.of(home, loaded.paths()).createDirectories();
      Vertx vertx = Vertx.vertx();
      return new Server(vertx, FaceForgeServer.start(vertx, new ServerSettings(layout, loaded, "127.0.0.1", 0)).await(),
          loaded.auth().installToken());
    }

    HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
          .header("Authorization", "Bearer " + token);
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body.encode()));
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonObject post(String path, JsonObject body) throws Exception {
      HttpResponse<String> r = send("POST", path, body);
      assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
      return new JsonObject(r.body());
    }

    String get(String path) throws Exception {
      HttpResponse<String> r = send("GET", path, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    }

    void bulkImport(Path folder) throws Exception {
      String job = post("/v1/assets/bulk-import", new JsonObject().put("path", folder.toString()).put("kind", "doc.text"))
          .getString("job_id");
      for (int i = 0; i < 200 && !new JsonObject(get("/v1/jobs/" + job)).getString("status").equals("succeeded"); i++) {
        Thread.sleep(50);
      }
      assertThat(new JsonObject(get("/v1/jobs/" + job)).getString("status")).isEqualTo("succeeded");
    }

    @Override
    public void close() {
      server.close().await();
      vertx.close().await();
    }
  }
}
