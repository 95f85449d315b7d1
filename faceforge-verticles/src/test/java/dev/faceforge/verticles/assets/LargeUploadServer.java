package dev.faceforge.verticles.assets;

import dev.faceforge.verticles.api.RunningServer;
import java.nio.file.Path;

/**
 * A FaceForge server in its own JVM (for {@link LargeUploadTest}, which starts it with a small heap):
 * starts on the home given as the argument, prints {@code PORT <n>}, and stops when its standard input closes.
 */
public final class LargeUploadServer {
  private LargeUploadServer() {
  }

  public static void main(String[] args) throws Exception {
    RunningServer server = RunningServer.start(Path.of(args[0]));
    System.out.println("PORT " + server.server.actualPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our input
    }
    server.close();
    System.exit(0);
  }
}
