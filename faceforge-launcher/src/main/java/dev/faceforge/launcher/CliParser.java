package dev.faceforge.launcher;

import dev.faceforge.verticles.config.ListenPrecedence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses {@code [serve|rebuild|export|import|verify] [--option VALUE | --option=VALUE]...}.
 * Hand-written because the whole grammar is a handful of options; {@code serve} is the default
 * command so that double-clicking the jar starts Core.
 */
final class CliParser {
  static final String USAGE = """
      Usage: faceforge [serve] [--home DIR] [--port N] [--bind HOST]
             faceforge rebuild [--home DIR]
             faceforge export  [--home DIR] --to FILE [--until POSITION]
             faceforge import  [--home DIR] --from FILE [--until POSITION]
             faceforge verify  [--home DIR]
             faceforge --help

      Commands:
        serve      Start FaceForge Core (API, UI and docs on one port). The default command.
        rebuild    Replay the event log into fresh query tables (stop the server first).
        export     Write a backup archive (a ZIP of the event log and every asset's bytes); safe
                   while Core runs.
        import     Restore an archive into a home whose event log is empty (the archive is checked
                   in full before anything is written; stop Core on that home first).
        verify     Check the hash chain, the query tables against a rebuild, and every asset's
                   bytes. Exit code 0: no problems, 1: problems found (one line each).

      Options:
        --home DIR    Data folder. Default: $FACEFORGE_HOME, else the per-user data folder
                      (%LOCALAPPDATA%\\FaceForge, ~/Library/Application Support/FaceForge,
                      $XDG_DATA_HOME/faceforge or ~/.local/share/faceforge).
        --port N      Port to listen on; 0 picks a free one. Default: $FACEFORGE_PORT, then
                      config/ports.json, runtime/ports.json, network.core_port, 43210.
        --bind HOST   Address to listen on. Default: $FACEFORGE_BIND, then network.bind_host,
                      127.0.0.1 (this machine only).
        --to FILE     The archive to write (export); it must not exist yet.
        --from FILE   The archive to restore (import).
        --until POSITION
                      Stop at this position of the event log: export or restore the state as of then.
        -h, --help    Show this help.
      """;

  private static final Map<String, Set<String>> OPTIONS = Map.of(
      "serve", Set.of("--home", "--port", "--bind"),
      "rebuild", Set.of("--home"),
      "export", Set.of("--home", "--to", "--until"),
      "import", Set.of("--home", "--from", "--until"),
      "verify", Set.of("--home"));

  private CliParser() {
  }

  static CliCommand parse(List<String> args) throws UsageException {
    if (args.contains("--help") || args.contains("-h") || args.equals(List.of("help"))) {
      return new CliCommand.Help();
    }
    boolean named = !args.isEmpty() && !args.get(0).startsWith("-");
    String command = named ? args.get(0) : "serve";
    if (!OPTIONS.containsKey(command)) {
      throw new UsageException("unknown command '" + command + "'");
    }
    Map<String, String> options = options(command, args.subList(named ? 1 : 0, args.size()));
    Optional<String> home = Optional.ofNullable(options.get("--home"));
    switch (command) {
      case "rebuild":
        return new CliCommand.Rebuild(home);
      case "export":
        return new CliCommand.Export(home, required(options, "--to", command), position(options.get("--until")));
      case "import":
        return new CliCommand.Import(home, required(options, "--from", command), position(options.get("--until")));
      case "verify":
        return new CliCommand.Verify(home);
      default:
        break;
    }
    return new CliCommand.Serve(home, port(options.get("--port")), Optional.ofNullable(options.get("--bind")));
  }

  private static Map<String, String> options(String command, List<String> args) throws UsageException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (!OPTIONS.get(command).contains(name)) {
        throw new UsageException("unknown option " + name + " for " + command);
      }
      if (equals < 0 && (i + 1 == args.size() || args.get(i + 1).startsWith("--"))) {
        throw new UsageException("option " + name + " needs a value");
      }
      String value = equals < 0 ? args.get(++i) : arg.substring(equals + 1);
      if (value.isBlank()) {
        throw new UsageException("option " + name + " needs a value");
      }
      if (options.put(name, value) != null) {
        throw new UsageException("option " + name + " is given twice");
      }
    }
    return options;
  }

  private static String required(Map<String, String> options, String name, String command) throws UsageException {
    String value = options.get(name);
    if (value == null) {
      throw new UsageException(command + " needs " + name + " FILE");
    }
    return value;
  }

  private static OptionalLong position(String value) throws UsageException {
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      long position = Long.parseLong(value);
      if (position >= 1) {
        return OptionalLong.of(position);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--until must be a log position, an integer from 1 (got \"" + value + "\")");
  }

  private static OptionalInt port(String value) throws UsageException {
    if (value == null) {
      return OptionalInt.empty();
    }
    OptionalInt port = ListenPrecedence.parsePort(value);
    if (port.isEmpty()) {
      throw new UsageException("--port must be an integer 0-65535 (got \"" + value + "\")");
    }
    return port;
  }
}
