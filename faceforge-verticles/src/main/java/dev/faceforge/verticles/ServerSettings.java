package dev.faceforge.verticles;

import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;

/**
 * Everything the server needs to start: where the data lives (already created), the parsed
 * configuration, and the resolved bind address and port (the launcher applies the precedence rules).
 */
public record ServerSettings(HomeLayout layout, CoreConfig config, String bindHost, int port) {
}
