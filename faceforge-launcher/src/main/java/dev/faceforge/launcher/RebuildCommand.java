package dev.faceforge.launcher;

import dev.faceforge.projections.Rebuilder;
import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.HomeLock;
import dev.faceforge.verticles.config.HostEnvironment;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rebuild}: replays the whole event log of the home's database into fresh query tables and
 * reports how many events that took and how long. Refuses a missing database, since rebuilding
 * "nothing" would only hide a wrong {@code --home}.
 */
final class RebuildCommand {
  private RebuildCommand() {
  }

  static int run(CliCommand.Rebuild args, HostEnvironment host, PrintStream out, PrintStream err) {
    OpenedHome opened = OpenedHome.open(args.home(), host);
    Path db = opened.layout().dbFile();
    if (!Files.isRegularFile(db)) {
      err.println("FaceForge: no database to rebuild at " + db);
      return Main.FAILED;
    }
    Logger log = LoggerFactory.getLogger(RebuildCommand.class);
    long started = System.nanoTime();
    long events;
    try (HomeLock lock = opened.lock("rebuild")) {
      events = Rebuilder.rebuild(db);
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(Main.FILE_ONLY_LOGGER).error("Rebuilding {} failed", db, e);
      err.println("FaceForge: rebuild of " + db + " failed: " + e.getMessage() + " (" + e.getClass().getSimpleName()
          + "; details in " + opened.layout().logsDir().resolve("faceforge.log") + ")");
      return Main.FAILED;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    log.info("Rebuilt {}: {} events in {} ms", db, events, took.toMillis());
    out.printf("Rebuilt the query tables of %s: replayed %d events in %.3f s%n", db, events, took.toNanos() / 1e9);
    return Main.OK;
  }
}
