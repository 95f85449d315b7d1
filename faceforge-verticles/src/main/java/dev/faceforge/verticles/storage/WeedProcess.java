package dev.faceforge.verticles.storage;

import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running {@code weed server}: its command line, its output appended to {@code logs/seaweedfs.log},
 * and its shutdown (destroy, then destroy forcibly). Every listener binds 127.0.0.1; the internal
 * master, volume and filer ports (HTTP and gRPC) are free ports picked at start, only the S3 port is
 * the configured one. A JVM shutdown hook stops it too, so that Core never leaves an orphan behind.
 */
final class WeedProcess {
  private static final long STOP_GRACE_SECONDS = 10;

  private final Process process;
  private final Thread shutdownHook;

  private WeedProcess(Process process) {
    this.process = process;
    this.shutdownHook = new Thread(process::destroy, "faceforge-seaweedfs-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static Path log(HomeLayout layout) {
    return layout.logsDir().resolve("seaweedfs.log");
  }

  /** Blocking (creates folders, forks): call on a worker thread. */
  static WeedProcess start(Path weed, HomeLayout layout, CoreConfig.Seaweed seaweed) throws IOException {
    Path dataDir = Files.createDirectories(layout.seaweedDataDir(seaweed));
    Path log = log(layout);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command(weed, dataDir, seaweed.s3Port(), freePorts(6)))
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new WeedProcess(builder.start());
  }

  /** {@code weed server -s3} bound to 127.0.0.1; {@code internalPorts}: master, volume, filer, then their gRPC ports. */
  static List<String> command(Path weed, Path dataDir, int s3Port, List<Integer> internalPorts) {
    return List.of(weed.toString(), "server",
        "-dir=" + dataDir,
        "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        "-master.port=" + internalPorts.get(0), "-master.port.grpc=" + internalPorts.get(3),
        "-volume.port=" + internalPorts.get(1), "-volume.port.grpc=" + internalPorts.get(4),
        "-filer.port=" + internalPorts.get(2), "-filer.port.grpc=" + internalPorts.get(5),
        "-s3", "-s3.port=" + s3Port);
  }

  /** Ports free right now on 127.0.0.1, all different (held open together while they are picked). */
  static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  /** Asks weed to stop, forces it after 10 s; completes once it is gone. */
  CompletableFuture<Void> stop() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs anyway.
    }
    if (!process.isAlive()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> gone = process.onExit()
        .orTimeout(STOP_GRACE_SECONDS, TimeUnit.SECONDS)
        .exceptionally(timedOut -> {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          return process;
        })
        .thenCompose(Process::onExit)
        .thenAccept(exited -> { });
    process.destroy();
    return gone;
  }
}
