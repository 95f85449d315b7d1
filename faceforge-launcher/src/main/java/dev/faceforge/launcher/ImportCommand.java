package dev.faceforge.launcher;

import dev.faceforge.verticles.backup.Importer;
import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.HomeLock;
import dev.faceforge.verticles.config.HostEnvironment;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code import}: restores the archive {@code --from} into the home, whose event log must be empty, up to
 * {@code --until} when given. The archive is checked in full before the home changes; warnings (bytes the
 * restored state needs but the archive lacks) go to stderr, the summary to stdout.
 */
final class ImportCommand {
  private ImportCommand() {
  }

  static int run(CliCommand.Import args, HostEnvironment host, PrintStream out, PrintStream err) {
    OpenedHome opened = OpenedHome.open(args.home(), host);
    BackupOutput output = new BackupOutput(err);
    try (HomeLock lock = opened.lock("import"); OpenedStorage storage = OpenedStorage.open(opened)) {
      Importer importer = new Importer(opened.layout(), storage.stores);
      out.println(importer.restore(Path.of(args.from()).toAbsolutePath(), args.until(), output).line());
      out.println("Restored into " + opened.layout().home() + "; start it with: faceforge serve --home "
          + opened.layout().home());
      return Main.OK;
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      return output.failed("import", e, opened.layout().logsDir());
    }
  }
}
