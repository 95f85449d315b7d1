package dev.faceforge.verticles.api;

import dev.faceforge.verticles.config.CoreConfig;

/** Builds a CoreConfig for tests (the loader's defaults, with a known token). */
final class TestConfigs {
  private TestConfigs() {
  }

  static CoreConfig withToken(String token) {
    return new CoreConfig(new CoreConfig.Auth(token), new CoreConfig.Network("127.0.0.1", 0, 43211));
  }
}
