package dev.faceforge.verticles.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Turns the JSON tree of {@code core.json} into a {@link CoreConfig}, key by key, so that every
 * mistake is reported with its dotted key. Defaults come from {@link CoreConfig#defaults()} only.
 */
final class CoreConfigParser {
  /** 128 bits of hex: shorter tokens are guessable, so they are refused rather than used. */
  static final int MIN_TOKEN_LENGTH = 32;

  private CoreConfigParser() {
  }

  static CoreConfig parse(Path file, JsonNode root) {
    ConfigFields f = new ConfigFields(file, root);
    CoreConfig d = CoreConfig.defaults();
    CoreConfig.Network network = new CoreConfig.Network(
        f.string("network.bind_host", d.network().bindHost()),
        f.integer("network.core_port", 1, 65535, d.network().corePort()),
        f.integer("network.seaweed_s3_port", 1, 65535, d.network().seaweedS3Port()));
    return new CoreConfig(
        new CoreConfig.Auth(f.secret("auth.install_token", MIN_TOKEN_LENGTH).orElse(null)),
        network,
        paths(f),
        new CoreConfig.Tools(f.bool("tools.exiftool_enabled", d.tools().exiftoolEnabled()),
            f.optionalPath("tools.exiftool_path")),
        new CoreConfig.Storage(routing(f, d.storage().routing()), s3(f, d.storage().s3())),
        new CoreConfig.Seaweed(f.bool("seaweed.enabled", d.seaweed().enabled()), f.optionalPath("seaweed.weed_path"),
            f.integer("seaweed.s3_port", 1, 65535, network.seaweedS3Port()), f.optionalPath("seaweed.data_dir")));
  }

  private static CoreConfig.Paths paths(ConfigFields f) {
    return new CoreConfig.Paths(f.optionalPath("paths.db_dir"), f.optionalPath("paths.s3_dir"),
        f.optionalPath("paths.logs_dir"), f.optionalPath("paths.plugins_dir"), f.optionalPath("paths.assets_dir"));
  }

  private static CoreConfig.Routing routing(ConfigFields f, CoreConfig.Routing d) {
    return new CoreConfig.Routing(f.string("storage.routing.default_provider", d.defaultProvider()),
        f.stringMap("storage.routing.kinds"), f.optionalNonNegativeLong("storage.routing.size_threshold_bytes"),
        f.optionalString("storage.routing.large_provider"));
  }

  private static CoreConfig.S3 s3(ConfigFields f, CoreConfig.S3 d) {
    return new CoreConfig.S3(f.optionalString("storage.s3.endpoint"), f.string("storage.s3.region", d.region()),
        f.string("storage.s3.bucket", d.bucket()), f.optionalString("storage.s3.access_key"),
        f.optionalString("storage.s3.secret_key", true), f.bool("storage.s3.path_style", d.pathStyle()));
  }
}
