package dev.faceforge.launcher;

import dev.faceforge.verticles.config.ListenPrecedence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Parses {@code [serve|rebuild] [--option VALUE | --option=VALUE]...}. Hand-written because the
 * whole grammar is three options; {@code serve} is the default command so that double-clicking
 * the jar starts Core.
 */
final class CliParser {
  static final String USAGE = """
      Usage: faceforge [serve] [--home DIR] [--port N] [--bind HOST]
             faceforge rebuild [--home DIR]
             faceforge --help

      Commands:
        serve      Start FaceForge Core (API, UI and docs on one port). The default command.
        rebuild    Replay the event log into fresh query tables (stop the server first).

      Options:
        --home DIR    Data folder. Default: $FACEFORGE_HOME, else the per-user data folder
                      (%LOCALAPPDATA%\\FaceForge, ~/Library/Application Support/FaceForge,
                      $XDG_DATA_HOME/faceforge or ~/.local/share/faceforge).
        --port N      Port to listen on; 0 picks a free one. Default: $FACEFORGE_PORT, then
                      config/ports.json, runtime/ports.json, network.core_port, 43210.
        --bind HOST   Address to listen on. Default: $FACEFORGE_BIND, then network.bind_host,
                      127.0.0.1 (this machine only).
        -h, --help    Show this help.
      """;

  private static final Map<String, Set<String>> OPTIONS = Map.of(
      "serve", Set.of("--home", "--port", "--bind"),
      "rebuild", Set.of("--home"));

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
    if (command.equals("rebuild")) {
      return new CliCommand.Rebuild(home);
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
