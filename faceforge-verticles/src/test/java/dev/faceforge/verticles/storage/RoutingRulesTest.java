package dev.faceforge.verticles.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.verticles.config.ConfigException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {
  private static final Set<String> KNOWN = Set.of("fs", "s3");

  @Test
  void aKindRuleMatchesTheKindAndItsDottedChildren() {
    RoutingRules rules = RoutingRules.of(LocalS3.routing("fs", Map.of("model", "s3", "model.embedding", "fs"), null, null),
        KNOWN);

    assertThat(rules.providerFor("model", 10)).isEqualTo("s3");
    assertThat(rules.providerFor("model.lora", 10)).isEqualTo("s3");
    assertThat(rules.providerFor("model.embedding.face", 10)).isEqualTo("fs");
    assertThat(rules.providerFor("models", 10)).isEqualTo("fs");
    assertThat(rules.providerFor("image.original", 10)).isEqualTo("fs");
    assertThat(rules.providerFor(null, 10)).isEqualTo("fs");
  }

  @Test
  void blobsFromTheThresholdUpGoToTheLargeProviderUnlessTheirKindSaysOtherwise() {
    RoutingRules rules = RoutingRules.of(LocalS3.routing("fs", Map.of("doc.pdf", "fs"), 1_000L, "s3"), KNOWN);

    assertThat(rules.providerFor("image.original", 999)).isEqualTo("fs");
    assertThat(rules.providerFor("image.original", 1_000)).isEqualTo("s3");
    assertThat(rules.providerFor("doc.pdf", 5_000)).isEqualTo("fs");
    assertThat(rules.providers()).containsExactlyInAnyOrder("fs", "s3");
  }

  @Test
  void aThresholdWithoutALargeProviderIsIgnored() {
    RoutingRules rules = RoutingRules.of(LocalS3.routing("fs", Map.of(), 1_000L, null), KNOWN);

    assertThat(rules.providerFor("image.original", 5_000)).isEqualTo("fs");
    assertThat(rules.providers()).containsExactly("fs");
  }

  @Test
  void anUnknownProviderIsAConfigurationError() {
    assertThatThrownBy(() -> RoutingRules.of(LocalS3.routing("fs", Map.of("model.lora", "minio"), null, null), KNOWN))
        .isInstanceOf(ConfigException.class)
        .hasMessage("FaceForge: invalid configuration: storage.routing.kinds.model.lora names the storage provider"
            + " \"minio\"; known providers: fs, s3");
    assertThatThrownBy(() -> RoutingRules.of(LocalS3.routing("ftp", Map.of(), null, null), KNOWN))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.routing.default_provider");
  }
}
