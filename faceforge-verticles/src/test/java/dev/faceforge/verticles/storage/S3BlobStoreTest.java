package dev.faceforge.verticles.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The contract for {@code s3} against a real S3 server (S3Proxy in this JVM). Each test gets a bucket
 * that does not exist yet, so every test also checks that the store creates it.
 */
class S3BlobStoreTest extends BlobStoreContract {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static Path serverDir;
  private static LocalS3 server;

  private String bucket;
  private S3Clients.Connection connection;
  private S3AsyncClient client;

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

  @Override
  protected BlobStore open(Vertx vertx) {
    bucket = "contract-" + BUCKETS.incrementAndGet();
    var config = server.config(bucket, LocalS3.routing("s3", java.util.Map.of(), null, null));
    connection = S3Clients.connect(config.storage().s3(), S3BlobStore.endpoint(config));
    client = connection.client();
    return S3BlobStore.create(vertx, config);
  }

  @AfterEach
  void closeClient() {
    connection.close();
  }

  /** Unfinished multipart uploads, and objects that are not at a content-addressed key. */
  @Override
  protected List<String> leftovers() {
    List<String> found = new ArrayList<>();
    client.listMultipartUploads(b -> b.bucket(bucket)).join().uploads()
        .forEach(u -> found.add("multipart upload of " + u.key()));
    client.listObjectsV2(b -> b.bucket(bucket)).join().contents().stream()
        .map(o -> o.key())
        .filter(key -> !key.matches("sha256/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}"))
        .forEach(found::add);
    return found;
  }

  @Test
  void readsAreStreamedAndTheBucketWasCreated() throws Exception {
    byte[] data = TestBlobs.bytes(300, 12);
    String hash = TestBlobs.sha256(data);
    store.put(hash, TestBlobs.source(tmp(), data), data.length).await();

    BlobContent content = store.read(hash, 10, 20).await();

    assertThat(content).isInstanceOf(BlobContent.Streamed.class);
    assertThat(TestBlobs.readAll(content)).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 30));
    assertThat(client.listBuckets().join().buckets()).anyMatch(b -> b.name().equals(bucket));
  }
}
