package dev.faceforge.launcher;

import dev.faceforge.verticles.config.ConfigException;
import dev.faceforge.verticles.config.HostEnvironment;
import java.io.PrintStream;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code faceforge} command: {@code serve} (the default) runs Core, {@code rebuild} replays the
 * event log, {@code export}, {@code import} and {@code verify} back up, restore and check a home,
 * {@code --help} explains them. Exit codes: 0 done, 1 Core could not start, the configuration is wrong,
 * the command failed or {@code verify} found problems (stderr says why), 2 the command line is wrong.
 * No logger is created here: logging writes into the home's logs folder, which is only known once
 * {@code core.json} has been read.
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** Stack traces go here: to the log file only, while stderr gets the one line a person reads. */
  static final String FILE_ONLY_LOGGER = "faceforge.details";

  private Main() {
  }

  public static void main(String[] args) {
    JvmRelaunch.watchLauncher(System.getenv());
    if (isServe(args)) {
      OptionalInt exit = JvmRelaunch.run(args);
      if (exit.isPresent()) {
        System.exit(exit.getAsInt());
      }
    }
    run(args, System.out, System.err, HostEnvironment.current()).ifPresent(System::exit);
  }

  /** Whether {@code args} start a server (a wrong command line is not: {@link #run} reports it). */
  private static boolean isServe(String[] args) {
    try {
      return CliParser.parse(List.of(args)) instanceof CliCommand.Serve;
    } catch (UsageException e) {
      return false;
    }
  }

  /** Runs one command; returns its exit code, or empty while a started server keeps running. */
  public static OptionalInt run(String[] args, PrintStream out, PrintStream err, HostEnvironment host) {
    try {
      CliCommand command = CliParser.parse(List.of(args));
      if (command instanceof CliCommand.Serve serve) {
        return ServeCommand.run(serve, host, out, err);
      }
      if (command instanceof CliCommand.Rebuild rebuild) {
        return OptionalInt.of(RebuildCommand.run(rebuild, host, out, err));
      }
      if (command instanceof CliCommand.Export export) {
        return OptionalInt.of(ExportCommand.run(export, host, out, err));
      }
      if (command instanceof CliCommand.Import restore) {
        return OptionalInt.of(ImportCommand.run(restore, host, out, err));
      }
      if (command instanceof CliCommand.Verify verify) {
        return OptionalInt.of(VerifyCommand.run(verify, host, out, err));
      }
      out.print(CliParser.USAGE);
      return OptionalInt.of(OK);
    } catch (UsageException e) {
      err.println(e.getMessage());
      return OptionalInt.of(USAGE);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return OptionalInt.of(FAILED);
    }
  }
}
