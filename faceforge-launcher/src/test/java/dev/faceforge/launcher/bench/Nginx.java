package dev.faceforge.launcher.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference file server for the download rows: nginx with sendfile, one worker, no access log, serving
 * {@code root} on 127.0.0.1 and a free port, from a minimal config generated in {@code dir}. {@link #start}
 * answers null (and notes it) when nginx is not on the PATH.
 */
final class Nginx implements AutoCloseable {
  private final Process process;
  private final int port;

  private Nginx(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Nginx start(Path dir, Path root, Report report) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String tmp = dir.toAbsolutePath().toString();
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    String conf = user + "daemon off;\nworker_processes 1;\npid " + tmp + "/nginx.pid;\n"
        + "error_log " + tmp + "/error.log;\nevents {}\nhttp {\n  sendfile on;\n  access_log off;\n"
        + "  client_body_temp_path " + tmp + "/client_body;\n  proxy_temp_path " + tmp + "/proxy;\n"
        + "  fastcgi_temp_path " + tmp + "/fastcgi;\n  uwsgi_temp_path " + tmp + "/uwsgi;\n"
        + "  scgi_temp_path " + tmp + "/scgi;\n  default_type application/octet-stream;\n"
        + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + root.toAbsolutePath() + ";\n  }\n}\n";
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Process p;
    try {
      p = new ProcessBuilder("nginx", "-p", tmp, "-c", confFile.toAbsolutePath().toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      report.note("nginx not found on PATH: the download rows are reported without their ratio to nginx");
      return null;
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        break;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new BenchFailure("nginx did not start; see " + dir.resolve("error.log") + " and "
              + dir.resolve("stdout.log"));
        }
        Thread.sleep(50);
      }
    }
    String version = new String(new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start()
        .getInputStream().readAllBytes()).trim();
    report.note("reference: " + version + " (sendfile on, 1 worker, access_log off) on 127.0.0.1:" + port
        + ", serving the same file from the same disk");
    return new Nginx(p, port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
