package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.CoreConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storage.routing} as a pure decision: which provider a new blob goes to. The most specific
 * rule wins: the asset kind, matched exactly or by its dotted parents ({@code model} matches
 * {@code model.lora}, longest first); then size ({@code size_threshold_bytes} or more go to
 * {@code large_provider}); then {@code default_provider}. Provider names are checked once, at startup.
 */
final class RoutingRules {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingRules.class);

  private final String defaultProvider;
  private final Map<String, String> kinds;
  private final OptionalLong sizeThreshold;
  private final Optional<String> largeProvider;

  private RoutingRules(String defaultProvider, Map<String, String> kinds, OptionalLong sizeThreshold,
                       Optional<String> largeProvider) {
    this.defaultProvider = defaultProvider;
    this.kinds = Map.copyOf(kinds);
    this.sizeThreshold = sizeThreshold;
    this.largeProvider = largeProvider;
  }

  /** The rules of {@code routing}; throws {@link ConfigException} when a rule names an unknown provider. */
  static RoutingRules of(CoreConfig.Routing routing, Set<String> knownProviders) {
    check("storage.routing.default_provider", routing.defaultProvider(), knownProviders);
    routing.kinds().forEach((kind, provider) -> check("storage.routing.kinds." + kind, provider, knownProviders));
    routing.largeProvider().ifPresent(p -> check("storage.routing.large_provider", p, knownProviders));
    OptionalLong threshold = routing.sizeThresholdBytes();
    if (threshold.isPresent() != routing.largeProvider().isPresent()) {
      LOG.warn("storage.routing: size_threshold_bytes and large_provider only work together; ignoring the size rule");
      threshold = OptionalLong.empty();
    }
    return new RoutingRules(routing.defaultProvider(), routing.kinds(), threshold,
        threshold.isPresent() ? routing.largeProvider() : Optional.empty());
  }

  /** Every provider some rule can choose. */
  Set<String> providers() {
    Set<String> used = new HashSet<>(kinds.values());
    used.add(defaultProvider);
    largeProvider.ifPresent(used::add);
    return used;
  }

  /** The provider for a new blob of {@code kind} (may be null or empty) and {@code size} bytes. */
  String providerFor(String kind, long size) {
    for (String k = kind == null ? "" : kind; !k.isEmpty(); k = parentOf(k)) {
      String provider = kinds.get(k);
      if (provider != null) {
        return provider;
      }
    }
    if (sizeThreshold.isPresent() && size >= sizeThreshold.getAsLong()) {
      return largeProvider.orElseThrow();
    }
    return defaultProvider;
  }

  private static String parentOf(String kind) {
    int dot = kind.lastIndexOf('.');
    return dot < 0 ? "" : kind.substring(0, dot);
  }

  private static void check(String key, String provider, Set<String> known) {
    if (!known.contains(provider)) {
      throw new ConfigException("FaceForge: invalid configuration: " + key + " names the storage provider \""
          + provider + "\"; known providers: " + String.join(", ", new TreeSet<>(known)));
    }
  }
}
