package dev.faceforge.verticles.storage;

import static dev.faceforge.verticles.storage.TestBlobs.bytes;
import static dev.faceforge.verticles.storage.TestBlobs.readAll;
import static dev.faceforge.verticles.storage.TestBlobs.sha256;
import static dev.faceforge.verticles.storage.TestBlobs.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Routing between real stores: fs in a temp home, s3 on S3Proxy, and an S3 that is down. */
class BlobStoresTest {
  private static final CoreConfig.Routing ROUTING = LocalS3.routing("fs", Map.of("model", "s3"), 1_000_000L, "s3");
  private static Path serverDir;
  private static LocalS3 server;

  @TempDir
  Path home;
  Vertx vertx;
  HomeLayout layout;
  BlobStores stores;

  @BeforeAll
  static void startServer() throws Exception {
    serverDir = Files.createTempDirectory("faceforge-s3proxy");
    server = LocalS3.start(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.stop();
    try (var files = Files.walk(serverDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    layout = HomeLayout.of(home, CoreConfig.defaults().paths()).createDirectories();
  }

  @AfterEach
  void close() {
    if (stores != null) {
      stores.close().await();
    }
    vertx.close().await();
  }

  @Test
  void eachBlobGoesWhereItsKindOrSizeSays() throws Exception {
    stores = BlobStores.start(vertx, server.config("routed", ROUTING), layout).await();
    byte[] photo = bytes(1_000, 1);
    byte[] lora = bytes(1_000, 2);
    byte[] video = bytes(1_000_000, 3);

    StoredBlob photoAt = stores.put("image.original", sha256(photo), source(layout.tmpDir(), photo), photo.length).await();
    StoredBlob loraAt = stores.put("model.lora", sha256(lora), source(layout.tmpDir(), lora), lora.length).await();
    StoredBlob videoAt = stores.put("video.clip", sha256(video), source(layout.tmpDir(), video), video.length).await();

    assertThat(photoAt).isEqualTo(StoredBlob.fs(sha256(photo)));
    assertThat(loraAt).isEqualTo(StoredBlob.s3("routed", sha256(lora)));
    assertThat(videoAt).isEqualTo(StoredBlob.s3("routed", sha256(video)));
    assertThat(Files.isRegularFile(layout.assetsDir().resolve(photoAt.key()))).isTrue();
    assertThat(readAll(stores.read(loraAt, 0, lora.length).await())).isEqualTo(lora);
    assertThat(readAll(stores.read(photoAt, 0, photo.length).await())).isEqualTo(photo);
    assertThat(layout.tmpDir()).isEmptyDirectory();

    stores.delete(loraAt).await();
    assertThat(stores.exists(loraAt).await()).isFalse();
    assertThat(stores.exists(photoAt).await()).isTrue();
  }

  @Test
  void aWriteToAnS3ThatIsDownFallsBackToFsAndSaysSo() throws Exception {
    ListAppender<ILoggingEvent> log = captureLog();
    stores = BlobStores.start(vertx, LocalS3.config("http://127.0.0.1:" + closedPort(), "down", ROUTING), layout)
        .await();
    byte[] lora = bytes(5_000, 4);
    String hash = sha256(lora);
    Path temp = source(layout.tmpDir(), lora);

    StoredBlob stored = stores.put("model.lora", hash, temp, lora.length).await();

    assertThat(stored).isEqualTo(StoredBlob.fs(hash).withFallbackFrom("s3"));
    assertThat(stored.toJson().getString("fallback_from")).isEqualTo("s3");
    assertThat(Files.exists(temp)).isFalse();
    assertThat(readAll(stores.read(stored, 0, lora.length).await())).isEqualTo(lora);
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("S3 storage unreachable at startup (S3BlobStore[http://127.0.0.1:"))
        .anyMatch(m -> m.contains("storing " + hash + " in fs instead") || m.startsWith("s3 put of " + hash + " failed ("));
  }

  @Test
  void afterAnS3FailureWritesGoStraightToFsForTheCooldown() throws Exception {
    ListAppender<ILoggingEvent> log = captureLog();
    stores = BlobStores.start(vertx, LocalS3.config("http://127.0.0.1:" + closedPort(), "down", ROUTING), layout)
        .await();
    byte[] first = bytes(100, 6);
    stores.put("model.lora", sha256(first), source(layout.tmpDir(), first), first.length).await();
    byte[] second = bytes(100, 7);

    long started = System.nanoTime();
    StoredBlob stored = stores.put("model.lora", sha256(second), source(layout.tmpDir(), second), second.length).await();

    assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    assertThat(stored).isEqualTo(StoredBlob.fs(sha256(second)).withFallbackFrom("s3"));
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
        .contains("storing " + sha256(second) + " in fs instead of s3, which failed less than 30 s ago");
  }

  @Test
  void aPutThatFailsEverywhereDeletesTheTempFile() throws Exception {
    stores = BlobStores.start(vertx, server.config("failing", ROUTING), layout).await();
    byte[] data = bytes(100, 5);
    Path temp = source(layout.tmpDir(), data);

    assertThatThrownBy(() -> stores.put("model.lora", sha256(data), temp, 99).await())
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(Files.exists(temp)).isFalse();
    assertThat(stores.exists(StoredBlob.fs(sha256(data))).await()).isFalse();
  }

  @Test
  void withoutAnS3RuleNoS3ClientIsMade() {
    stores = BlobStores.start(vertx, CoreConfig.defaults(), layout).await();

    assertThat(stores.route("model.lora", Long.MAX_VALUE)).isEqualTo("fs");
    assertThatThrownBy(() -> stores.store("s3")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> stores.read(StoredBlob.s3("faceforge", "ab".repeat(32)), 0, 1).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("storage provider \"s3\" is not configured");
  }

  @Test
  void aRecordFromAnotherBucketIsRefusedRatherThanMisread() {
    stores = BlobStores.start(vertx, server.config("current", ROUTING), layout).await();

    assertThatThrownBy(() -> stores.read(StoredBlob.s3("previous", "ab".repeat(32)), 0, 1).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is in bucket previous but storage.s3.bucket is current");
  }

  @Test
  void aRuleNamingAnUnknownProviderStopsStartup() {
    CoreConfig config = LocalS3.config("http://127.0.0.1:1", "x", LocalS3.routing("fs", Map.of("doc", "dropbox"), null,
        null));

    assertThatThrownBy(() -> BlobStores.start(vertx, config, layout).await()).isInstanceOf(ConfigException.class);
    assertThat(Optional.ofNullable(stores)).isEmpty();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static ListAppender<ILoggingEvent> captureLog() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(BlobStores.class)).addAppender(appender);
    return appender;
  }
}
