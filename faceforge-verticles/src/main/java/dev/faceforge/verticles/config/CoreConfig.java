package dev.faceforge.verticles.config;

/**
 * The parsed {@code config/core.json} (spec section 10.3, v1 shape). Missing keys take their defaults.
 */
public record CoreConfig(Auth auth, Network network) {

  /** {@code auth.*}: the per-install token required by every non-public route. */
  public record Auth(String installToken) {
  }

  /** {@code network.*}: where Core listens by default. */
  public record Network(String bindHost, int corePort, int seaweedS3Port) {
  }
}
