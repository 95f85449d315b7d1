package dev.faceforge.verticles.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parsed {@code config/core.json} (spec section 10.3, v1 shape). Every section is present
 * after parsing: missing keys take their defaults, unknown keys are ignored so that an older
 * Core can read a newer file. Optional values with no default are {@link Optional}s. The two
 * secrets ({@code auth.install_token}, {@code storage.s3.secret_key}) are redacted from
 * {@code toString()} because settings records end up in logs and exception messages.
 */
public record CoreConfig(Auth auth, Network network, Paths paths, Tools tools, Storage storage,
                         Seaweed seaweed) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_CORE_PORT = 43210;
  public static final int DEFAULT_SEAWEED_S3_PORT = 43211;

  public CoreConfig {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(seaweed, "seaweed");
  }

  /** {@code auth.*}: the per-install token required by every non-public route (set after loading). */
  public record Auth(String installToken) {
    @Override
    public String toString() {
      return "Auth[installToken=" + (installToken == null ? "null" : "<redacted>") + "]";
    }
  }

  /** {@code network.*}: where Core listens by default; the launcher's precedence rules may override it. */
  public record Network(String bindHost, int corePort, int seaweedS3Port) {
  }

  /**
   * {@code paths.*}: optional folder overrides, absolute or relative to {@code FACEFORGE_HOME}.
   * {@code config/} and {@code tmp/} are deliberately absent: Core must always find its config.
   */
  public record Paths(Optional<String> dbDir, Optional<String> s3Dir, Optional<String> logsDir,
                      Optional<String> pluginsDir, Optional<String> assetsDir) {
  }

  /** {@code tools.*}: optional external tools. */
  public record Tools(boolean exiftoolEnabled, Optional<String> exiftoolPath) {
  }

  /** {@code storage.*}: which provider stores which asset, and the S3 endpoint. */
  public record Storage(Routing routing, S3 s3) {
  }

  /**
   * {@code storage.routing}: {@code kinds} maps an asset kind to a provider name; assets of at
   * least {@code size_threshold_bytes} go to {@code large_provider}; everything else to
   * {@code default_provider}.
   */
  public record Routing(String defaultProvider, Map<String, String> kinds,
                        OptionalLong sizeThresholdBytes, Optional<String> largeProvider) {
    public Routing {
      kinds = Map.copyOf(kinds);
    }
  }

  /** {@code storage.s3}: an S3-compatible endpoint (SeaweedFS, AWS, MinIO...). */
  public record S3(Optional<String> endpoint, String region, String bucket, Optional<String> accessKey,
                   Optional<String> secretKey, boolean pathStyle) {
    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
          + ", accessKey=" + accessKey + ", secretKey=" + secretKey.map(k -> "<redacted>") + ", pathStyle="
          + pathStyle + "]";
    }
  }

  /**
   * {@code seaweed.*}: an optional Core-managed SeaweedFS. {@code s3Port} defaults to
   * {@code network.seaweed_s3_port}; {@code dataDir} (absolute or relative to home) to
   * {@code <s3 dir>/seaweedfs}.
   */
  public record Seaweed(boolean enabled, Optional<String> weedPath, int s3Port, Optional<String> dataDir) {
  }

  /** The configuration of an empty {@code core.json}, with no install token yet. */
  public static CoreConfig defaults() {
    Network network = new Network(DEFAULT_BIND_HOST, DEFAULT_CORE_PORT, DEFAULT_SEAWEED_S3_PORT);
    return new CoreConfig(
        new Auth(null),
        network,
        new Paths(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
        new Tools(false, Optional.empty()),
        new Storage(new Routing("fs", Map.of(), OptionalLong.empty(), Optional.empty()),
            new S3(Optional.empty(), "us-east-1", "faceforge", Optional.empty(), Optional.empty(), true)),
        new Seaweed(false, Optional.empty(), network.seaweedS3Port(), Optional.empty()));
  }
}
