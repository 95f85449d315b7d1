package dev.faceforge.launcher;

import dev.faceforge.verticles.backup.Exporter;
import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.HostEnvironment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code export}: writes a backup archive of the home (the event log up to its last position, or
 * {@code --until}, and the bytes of its assets) to {@code --to}, which must not exist; prints one summary
 * line. Reads a consistent snapshot, so it may run while a server uses the home.
 */
final class ExportCommand {
  private ExportCommand() {
  }

  static int run(CliCommand.Export args, HostEnvironment host, PrintStream out, PrintStream err) {
    OpenedHome opened = OpenedHome.open(args.home(), host);
    BackupOutput output = new BackupOutput(err);
    try (OpenedStorage storage = OpenedStorage.open(opened)) {
      Exporter exporter = new Exporter(storage.vertx, opened.layout(), storage.stores, Clock.systemUTC());
      out.println(exporter.export(Path.of(args.to()).toAbsolutePath(), args.until(), output).line());
      return Main.OK;
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      return output.failed("export", e, opened.layout().logsDir());
    }
  }
}
