package dev.faceforge.launcher;

import dev.faceforge.verticles.FaceForgeServer;
import dev.faceforge.verticles.ServerSettings;
import dev.faceforge.verticles.config.HostEnvironment;
import dev.faceforge.verticles.config.ListenAddress;
import dev.faceforge.verticles.config.ListenPrecedence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}: opens the home, resolves where to listen, starts {@link FaceForgeServer} and
 * tells the user where it runs and where the install token is (never the token itself). A
 * shutdown hook, registered before the server starts, closes the server and Vert.x on SIGTERM
 * or Ctrl-C, even when the signal arrives mid-start.
 */
final class ServeCommand {
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private ServeCommand() {
  }

  /** Returns an exit code if Core could not start; empty once it runs (Vert.x threads keep the JVM alive). */
  static OptionalInt run(CliCommand.Serve args, HostEnvironment host, PrintStream out, PrintStream err) {
    OpenedHome opened = OpenedHome.open(args.home(), host);
    ListenAddress address = ListenPrecedence.resolve(args.port(), args.bind(), host, opened.layout(), opened.config());
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    Vertx vertx = Vertx.vertx();
    AtomicReference<FaceForgeServer> running = new AtomicReference<>();
    Thread hook = new Thread(() -> stop(running.get(), vertx, log), "faceforge-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ServerSettings settings =
          new ServerSettings(opened.layout(), opened.config(), address.bindHost(), address.port());
      // No timeout: a first start may catch up projections over a large log.
      running.set(FaceForgeServer.start(vertx, settings).toCompletionStage().toCompletableFuture().get());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LoggerFactory.getLogger(Main.FILE_ONLY_LOGGER).error("FaceForge Core failed to start on {}:{}",
          address.bindHost(), address.port(), cause);
      err.println("FaceForge: Core failed to start on " + address.bindHost() + ":" + address.port() + ": "
          + describe(cause) + " (details in " + opened.layout().logsDir().resolve("faceforge.log") + ")");
      Runtime.getRuntime().removeShutdownHook(hook);
      stop(null, vertx, log);
      return OptionalInt.of(Main.FAILED);
    }
    int port = running.get().actualPort();
    log.info("FaceForge Core listening on {}:{}, data in {}", address.bindHost(), port, opened.layout().home());
    out.println("FaceForge Core is running at http://" + urlHost(address.bindHost()) + ":" + port
        + "/ (API: /v1, docs: /docs)");
    out.println("Install token: see auth.install_token in " + opened.layout().coreConfigFile().toAbsolutePath());
    return OptionalInt.empty();
  }

  /**
   * Closes the server, then Vert.x, each awaited on its own: chaining {@code vertx.close()} onto
   * the server's future would complete on an event loop that {@code vertx.close()} just
   * terminated, and the hook would hang until its timeout.
   */
  private static void stop(FaceForgeServer server, Vertx vertx, Logger log) {
    boolean clean = server == null || awaitClosed(server.close(), "the server", log);
    clean &= awaitClosed(vertx.close(), "Vert.x", log);
    if (server != null && clean) {
      log.info("FaceForge Core stopped");
    }
  }

  private static boolean awaitClosed(Future<Void> closing, String what, Logger log) {
    try {
      closing.toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Closing {} did not finish cleanly", what, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName()
        : message + " (" + cause.getClass().getSimpleName() + ")";
  }

  /** An IPv6 literal needs brackets in a URL. */
  private static String urlHost(String bindHost) {
    return bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
  }
}
