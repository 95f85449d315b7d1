package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server in the test JVM: S3Proxy on 127.0.0.1 (random port) over a folder, with AWS
 * signatures required, so the S3 provider is tested against S3 and never against a mock.
 */
public final class LocalS3 {
  public static final String ACCESS_KEY = "faceforge-test";
  public static final String SECRET_KEY = "faceforge-test-secret";

  private final S3Proxy proxy;

  private LocalS3(S3Proxy proxy) {
    this.proxy = proxy;
  }

  public static LocalS3 start(Path dir) throws Exception {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dir.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    return new LocalS3(proxy);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** A configuration whose {@code storage.s3} points at this server, with {@code routing}. */
  CoreConfig config(String bucket, CoreConfig.Routing routing) {
    return config(endpoint(), bucket, routing);
  }

  static CoreConfig config(String endpoint, String bucket, CoreConfig.Routing routing) {
    CoreConfig d = CoreConfig.defaults();
    CoreConfig.S3 s3 = new CoreConfig.S3(Optional.of(endpoint), "us-east-1", bucket, Optional.of(ACCESS_KEY),
        Optional.of(SECRET_KEY), true);
    return new CoreConfig(d.auth(), d.network(), d.paths(), d.tools(), new CoreConfig.Storage(routing, s3), d.seaweed());
  }

  static CoreConfig.Routing routing(String defaultProvider, Map<String, String> kinds, Long threshold, String large) {
    return new CoreConfig.Routing(defaultProvider, kinds,
        threshold == null ? OptionalLong.empty() : OptionalLong.of(threshold), Optional.ofNullable(large));
  }

  public void stop() throws Exception {
    proxy.stop();
  }
}
