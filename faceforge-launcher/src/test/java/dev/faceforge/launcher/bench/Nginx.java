package dev.faceforge.launcher.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The reference file server of the download rows: nginx with sendfile, serving {@code root} on 127.0.0.1 and
 * a free port, from a config generated in a directory of its own (pid file, error log and temp paths inside
 * it, {@code daemon off}, so no root is needed and nothing is left behind). Stopped on {@link #close} and, if
 * the benchmark is interrupted, by a shutdown hook. {@link #start} answers empty when nginx is not installed.
 */
final class Nginx implements AutoCloseable {
  static final String NOT_FOUND = "nginx not found: install the nginx package";
  private static final String[] PLACES = {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"};

  private final Process process;
  private final int port;
  private final String version;
  private final Thread hook;

  private Nginx(Process process, int port, String version) {
    this.process = process;
    this.port = port;
    this.version = version;
    this.hook = new Thread(this::stop, "bench-nginx-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts nginx serving {@code root}; empty when there is no nginx binary (see {@link #binary}). */
  static Optional<Nginx> start(Path dir, Path root) throws IOException, InterruptedException {
    Optional<Path> binary = binary();
    if (binary.isEmpty()) {
      return Optional.empty();
    }
    Files.createDirectories(dir);
    int port = freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir.toAbsolutePath(), root.toAbsolutePath(), port));
    String prefix = dir.toAbsolutePath().toString();
    Process p = new ProcessBuilder(binary.get().toString(), "-p", prefix, "-e", prefix + "/error.log", "-c",
        conf.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    Nginx nginx = new Nginx(p, port, version(binary.get()));
    try {
      nginx.awaitListening(dir);
    } catch (RuntimeException | InterruptedException e) {
      nginx.close(); // a half-started nginx must not outlive the benchmark
      throw e;
    }
    return Optional.of(nginx);
  }

  /**
   * sendfile, as many workers as cores, no access log, keep-alive connections never closed by request count
   * (FaceForge keeps them open too), everything the server writes kept under {@code dir}. Running as root,
   * the workers stay root, or they could not read the benchmark's private directories.
   */
  private static String config(Path dir, Path root, int port) {
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    return user + "daemon off;\nworker_processes auto;\npid " + dir + "/nginx.pid;\nerror_log " + dir
        + "/error.log;\nevents {}\nhttp {\n  sendfile on;\n  access_log off;\n  keepalive_requests 1000000;\n"
        + "  default_type application/octet-stream;\n  client_body_temp_path " + dir + "/client_body;\n"
        + "  proxy_temp_path " + dir + "/proxy;\n  fastcgi_temp_path " + dir + "/fastcgi;\n  uwsgi_temp_path " + dir
        + "/uwsgi;\n  scgi_temp_path " + dir + "/scgi;\n  server {\n    listen 127.0.0.1:" + port + ";\n    root "
        + root + ";\n  }\n}\n";
  }

  /** {@code BENCH_NGINX} when set (a missing file means no nginx), else the PATH, else the usual places. */
  private static Optional<Path> binary() {
    String chosen = System.getenv("BENCH_NGINX");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
    }
    Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nginx"));
    return Stream.concat(onPath, Stream.of(PLACES).map(Path::of)).filter(Files::isExecutable).findFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String version(Path binary) throws IOException, InterruptedException {
    Process v = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
    String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    v.waitFor();
    return out.startsWith("nginx version: ") ? out.substring("nginx version: ".length()) : out;
  }

  private void awaitListening(Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new BenchFailure("nginx did not start listening on 127.0.0.1:" + port + "; see "
              + dir.resolve("error.log") + " and " + dir.resolve("stdout.log"));
        }
        Thread.sleep(50);
      }
    }
  }

  int port() {
    return port;
  }

  /** E.g. {@code nginx/1.22.1}. */
  String version() {
    return version;
  }

  /** CPU time used so far by nginx's master and worker processes (another process: not in the CPU table). */
  Duration cpuTime() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants())
        .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs (or ran) stop() itself
    }
  }

  /** SIGTERM (nginx's fast shutdown) to the master, which stops its workers; SIGKILL to all after 5 s. */
  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
