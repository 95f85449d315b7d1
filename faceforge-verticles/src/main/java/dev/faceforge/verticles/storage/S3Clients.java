package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import java.net.URI;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Builds the {@link S3AsyncClient} for {@code storage.s3}. The endpoint is {@code storage.s3.endpoint}
 * when set, else the local SeaweedFS S3 port when {@code seaweed.enabled}, else AWS for the region.
 * Checksums are computed only where S3 requires them, because many S3-compatible servers reject the
 * SDK's newer default trailing checksums. Without access and secret key requests are unsigned, which
 * is what a fresh local SeaweedFS expects.
 */
final class S3Clients {
  private S3Clients() {
  }

  /** The endpoint {@code config} points the S3 provider at; empty means AWS's own endpoint for the region. */
  static Optional<URI> endpoint(CoreConfig config) {
    if (config.storage().s3().endpoint().isPresent()) {
      return config.storage().s3().endpoint().map(URI::create);
    }
    if (config.seaweed().enabled()) {
      return Optional.of(URI.create("http://127.0.0.1:" + config.seaweed().s3Port()));
    }
    return Optional.empty();
  }

  /** An S3 client and the two event-loop threads it owns. */
  record Connection(S3AsyncClient client, EventLoopGroup loops) {
    /** Closes the client, then stops its threads without the SDK's fixed two-second quiet period. */
    void close() {
      client.close();
      loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @SuppressWarnings("deprecation") // NioEventLoopGroup: the group type the SDK recognises on Netty 4.2 too
  static Connection connect(CoreConfig.S3 s3, Optional<URI> endpoint) {
    EventLoopGroup loops = new NioEventLoopGroup(2, new DefaultThreadFactory("faceforge-s3", true));
    var builder = S3AsyncClient.builder()
        .region(Region.of(s3.region()))
        .forcePathStyle(s3.pathStyle())
        .credentialsProvider(credentials(s3))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .maxConcurrency(64)
            .eventLoopGroup(SdkEventLoopGroup.create(loops, NioSocketChannel::new)));
    endpoint.ifPresent(builder::endpointOverride);
    try {
      return new Connection(builder.build(), loops);
    } catch (RuntimeException e) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static AwsCredentialsProvider credentials(CoreConfig.S3 s3) {
    if (s3.accessKey().isPresent() && s3.secretKey().isPresent()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey().get(), s3.secretKey().get()));
    }
    return AnonymousCredentialsProvider.create();
  }
}
