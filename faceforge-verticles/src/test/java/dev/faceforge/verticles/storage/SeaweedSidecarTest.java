package dev.faceforge.verticles.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The SeaweedFS sidecar without SeaweedFS: a missing binary, and a fake {@code weed} (a shell script
 * running a tiny Java program) that records its arguments and listens on the S3 port as weed would.
 */
class SeaweedSidecarTest {
  @TempDir
  Path home;
  Vertx vertx;
  HomeLayout layout;
  ListAppender<ILoggingEvent> log;
  SeaweedSidecar sidecar;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    layout = HomeLayout.of(home, CoreConfig.defaults().paths()).createDirectories();
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(SeaweedSidecar.class)).addAppender(log);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(SeaweedSidecar.class)).detachAppender(log);
    if (sidecar != null) {
      sidecar.stop().await();
    }
    vertx.close().await();
  }

  @Test
  void whenDisabledNothingStarts() {
    sidecar = SeaweedSidecar.start(vertx, CoreConfig.defaults(), layout).await();

    assertThat(sidecar.running()).isFalse();
    assertThat(sidecar.s3Endpoint()).isEmpty();
    assertThat(log.list).isEmpty();
  }

  @Test
  void aMissingBinaryIsOneLogLineAndNothingRuns() throws Exception {
    sidecar = SeaweedSidecar.start(vertx, config(Optional.of("tools/no-such-weed"), freePort()), layout).await();

    assertThat(sidecar.running()).isFalse();
    assertThat(sidecar.pid()).isEmpty();
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "SeaweedFS is enabled but no weed binary was found (looked for [" + home.resolve("tools/no-such-weed")
            + "]); blobs stay in fs");
  }

  @Test
  void withoutWeedPathItLooksInTools() throws Exception {
    sidecar = SeaweedSidecar.start(vertx, config(Optional.empty(), freePort()), layout).await();

    assertThat(sidecar.running()).isFalse();
    assertThat(log.list.get(0).getFormattedMessage())
        .contains(layout.toolsDir().resolve("weed").toString(), layout.toolsDir().resolve("weed.exe").toString());
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void weedServerRunsOnLoopbackUntilStopped() throws Exception {
    int s3Port = freePort();
    Path weed = fakeWeed("exec \"" + java() + "\" \"" + fakeWeedSource() + "\" \"$@\"");

    sidecar = SeaweedSidecar.start(vertx, config(Optional.of(weed.toString()), s3Port), layout).await();

    assertThat(sidecar.running()).isTrue();
    assertThat(sidecar.s3Endpoint()).contains(java.net.URI.create("http://127.0.0.1:" + s3Port));
    Path dataDir = layout.s3Dir().resolve("seaweedfs");
    List<String> args = Files.readAllLines(dataDir.resolve("args.txt"));
    assertThat(args).startsWith("server", "-dir=" + dataDir, "-ip=127.0.0.1", "-ip.bind=127.0.0.1");
    assertThat(args).contains("-s3", "-s3.port=" + s3Port);
    assertThat(args).anyMatch(a -> a.startsWith("-master.port=")).anyMatch(a -> a.startsWith("-volume.port.grpc="));
    assertThat(Files.readString(layout.logsDir().resolve("seaweedfs.log"))).contains("fake weed listening");
    ProcessHandle process = ProcessHandle.of(sidecar.pid().orElseThrow()).orElseThrow();

    sidecar.stop().await();

    assertThat(process.isAlive()).isFalse();
    assertThat(accepts(s3Port)).isFalse();
    sidecar = null;
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aWeedThatDiesAtOnceLeavesFsWorkingAndSaysWhy() throws Exception {
    Path weed = fakeWeed("echo 'cannot open volume dir' >&2; exit 3");

    sidecar = SeaweedSidecar.start(vertx, config(Optional.of(weed.toString()), freePort()), layout, Duration.ofSeconds(10))
        .await();

    assertThat(sidecar.running()).isFalse();
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "SeaweedFS did not start: weed exited with code 3 before its S3 port answered; blobs stay in fs (see "
            + layout.logsDir().resolve("seaweedfs.log") + ")");
    assertThat(Files.readString(layout.logsDir().resolve("seaweedfs.log"))).contains("cannot open volume dir");
  }

  @Test
  void anS3PortThatAlreadyAnswersIsUsedAsItIs() throws Exception {
    try (ServerSocket external = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      sidecar = SeaweedSidecar.start(vertx, config(Optional.of("tools/no-such-weed"), external.getLocalPort()), layout)
          .await();

      assertThat(sidecar.running()).isTrue();
      assertThat(sidecar.pid()).isEmpty();
      assertThat(log.list.get(0).getFormattedMessage()).contains("already answers");
    }
  }

  private CoreConfig config(Optional<String> weedPath, int s3Port) {
    CoreConfig d = CoreConfig.defaults();
    return new CoreConfig(d.auth(), d.network(), d.paths(), d.tools(), d.storage(),
        new CoreConfig.Seaweed(true, weedPath, s3Port, Optional.empty()));
  }

  private Path fakeWeed(String body) throws Exception {
    Path script = layout.toolsDir().resolve("fake-weed");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** A single-file Java program: writes its arguments to {@code <-dir>/args.txt}, then serves the {@code -s3.port}. */
  private Path fakeWeedSource() throws Exception {
    Path source = home.resolve("FakeWeed.java");
    Files.writeString(source, """
        import java.net.*;
        import java.nio.file.*;
        import java.util.*;
        public class FakeWeed {
          public static void main(String[] args) throws Exception {
            String dir = Arrays.stream(args).filter(a -> a.startsWith("-dir=")).findFirst().orElseThrow().substring(5);
            int port = Integer.parseInt(Arrays.stream(args).filter(a -> a.startsWith("-s3.port="))
                .findFirst().orElseThrow().substring(9));
            Files.write(Path.of(dir, "args.txt"), Arrays.asList(args));
            try (ServerSocket s3 = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
              System.out.println("fake weed listening on " + port);
              while (true) {
                s3.accept().close();
              }
            }
          }
        }
        """);
    return source;
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort() throws Exception {
    return WeedProcess.freePorts(1).get(0);
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (Exception e) {
      return false;
    }
  }
}
