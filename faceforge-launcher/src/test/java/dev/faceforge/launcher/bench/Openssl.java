package dev.faceforge.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The upload row's reference: {@code openssl dgst -sha256} of a file, in another process. */
final class Openssl {
  static final String NOT_FOUND = "openssl not found: install the openssl package";
  private static Boolean available;

  private Openssl() {
  }

  /** True when {@code openssl version} runs. */
  static synchronized boolean available() {
    if (available == null) {
      try {
        available = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
      } catch (IOException e) {
        available = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        available = false;
      }
    }
    return available;
  }

  /** The file's SHA-256 in hex, as openssl prints it. */
  static String sha256(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("openssl", "dgst", "-sha256", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || !out.contains("= ")) {
      throw new BenchFailure("openssl dgst -sha256 failed: " + out);
    }
    return out.substring(out.lastIndexOf("= ") + 2).trim();
  }
}
