package dev.faceforge.verticles.config;

/** The resolved address the HTTP server binds to; {@code port} 0 asks the OS for a free port. */
public record ListenAddress(String bindHost, int port) {
}
