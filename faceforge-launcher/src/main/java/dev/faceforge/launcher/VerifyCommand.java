package dev.faceforge.launcher;

import dev.faceforge.verticles.backup.Verifier;
import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.HostEnvironment;
import java.io.PrintStream;

/**
 * {@code verify}: checks the home's hash chain, its query tables against a rebuild of the log, and the bytes
 * of every live asset; prints each problem on its own line, then a summary. Exit code 0 when clean, 1 when
 * problems were found or the check could not run.
 */
final class VerifyCommand {
  private VerifyCommand() {
  }

  static int run(CliCommand.Verify args, HostEnvironment host, PrintStream out, PrintStream err) {
    OpenedHome opened = OpenedHome.open(args.home(), host);
    BackupOutput output = new BackupOutput(err);
    try (OpenedStorage storage = OpenedStorage.open(opened)) {
      Verifier.Report report = new Verifier(storage.vertx, opened.layout(), storage.stores).verify(output);
      report.problems().forEach(out::println);
      out.println(report.line());
      return report.ok() ? Main.OK : Main.FAILED;
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      return output.failed("verify", e, opened.layout().logsDir());
    }
  }
}
