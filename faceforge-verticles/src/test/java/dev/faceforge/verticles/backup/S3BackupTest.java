package dev.faceforge.verticles.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import dev.faceforge.verticles.storage.LocalS3;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blobs in S3 (a real S3 server per side): the export reads them through the S3 provider, the import puts
 * them into the S3 this home configures, and a home without that S3 is refused before anything is written.
 */
class S3BackupTest {
  private static final String BUCKET = "faceforge-backup";

  @TempDir
  Path dir;
  LocalS3 originalS3;
  LocalS3 restoredS3;

  @BeforeEach
  void startS3() throws Exception {
    originalS3 = LocalS3.start(Files.createDirectories(dir.resolve("s3-original")));
    restoredS3 = LocalS3.start(Files.createDirectories(dir.resolve("s3-restored")));
  }

  @AfterEach
  void stopS3() throws Exception {
    originalS3.stop();
    restoredS3.stop();
  }

  @Test
  void s3BlobsGoBackIntoTheS3TheNewHomeConfigures() throws Exception {
    Path original = home("original", originalS3, BUCKET);
    Path archive = dir.resolve("backup.zip");
    Workload work = new Workload();
    ApiSnapshot before;
    try (RunningServer api = RunningServer.start(original)) {
      work.first(api);
      assertThat(api.read("/v1/assets/" + work.portrait).getJsonObject("storage").getString("provider")).isEqualTo("s3");
      before = ApiSnapshot.of(api);
    }
    try (BackupTools tools = BackupTools.open(original)) {
      assertThat(tools.export(archive).blobs()).isEqualTo(5);
    }

    Path restored = home("restored", restoredS3, BUCKET);
    try (BackupTools tools = BackupTools.open(restored)) {
      assertThat(tools.restore(archive).blobs()).isEqualTo(5);
      assertThat(tools.verify().problems()).isEmpty();
      assertThat(Workload.blobFile(restored, work.portrait)).doesNotExist();
    }
    try (RunningServer api = RunningServer.start(restored)) {
      before.assertSameAs(ApiSnapshot.of(api), Set.of());
    }
    try (BackupTools tools = BackupTools.open(restored)) {
      tools.stores.store("s3").delete(work.portrait).await();
      assertThat(tools.verify().problems()).containsExactly("asset " + work.portrait + ": bytes missing from s3 (sha256/"
          + work.portrait.substring(0, 2) + "/" + work.portrait.substring(2, 4) + "/" + work.portrait + ")");
    }
  }

  @Test
  void aHomeWithoutThatS3IsRefusedBeforeAnythingIsWritten() throws Exception {
    Path original = home("original", originalS3, BUCKET);
    Path archive = dir.resolve("backup.zip");
    Workload work = new Workload();
    try (RunningServer api = RunningServer.start(original)) {
      work.first(api);
    }
    try (BackupTools tools = BackupTools.open(original)) {
      tools.export(archive);
    }

    Path plain = dir.resolve("plain");
    try (BackupTools tools = BackupTools.open(plain)) {
      assertThat(tools.refusedImport(archive)).isEqualTo("asset " + work.portrait + " is stored in s3 (bucket " + BUCKET
          + "), which this home does not configure: set storage.s3 and a storage.routing rule that uses s3 in "
          + plain.resolve("config/core.json") + ", then import again");
    }
    Path otherBucket = home("other-bucket", restoredS3, "elsewhere");
    try (BackupTools tools = BackupTools.open(otherBucket)) {
      assertThat(tools.refusedImport(archive)).isEqualTo("asset " + work.portrait + " is stored in s3 (bucket " + BUCKET
          + "), but this home's storage.s3.bucket is elsewhere: set it to " + BUCKET + " in "
          + otherBucket.resolve("config/core.json") + ", then import again");
    }
    for (Path home : new Path[] {plain, otherBucket}) {
      assertThat(home.resolve("db/core.sqlite3")).doesNotExist();
      try (var files = Files.walk(home.resolve("assets"))) {
        assertThat(files.filter(Files::isRegularFile)).isEmpty();
      }
    }
  }

  /** A home whose images go to {@code s3} (bucket {@code bucket}), everything else to fs. */
  private Path home(String name, LocalS3 s3, String bucket) throws Exception {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("config"));
    Files.writeString(home.resolve("config/core.json"), new JsonObject()
        .put("auth", new JsonObject().put("install_token", RunningServer.TOKEN))
        .put("storage", new JsonObject()
            .put("routing", new JsonObject().put("default_provider", "fs")
                .put("kinds", new JsonObject().put("image", "s3")))
            .put("s3", new JsonObject().put("endpoint", s3.endpoint()).put("bucket", bucket)
                .put("access_key", LocalS3.ACCESS_KEY).put("secret_key", LocalS3.SECRET_KEY)
                .put("path_style", true))).encodePrettily());
    return home;
  }
}
