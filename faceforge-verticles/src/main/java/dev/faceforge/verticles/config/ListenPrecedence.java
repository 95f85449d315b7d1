package dev.faceforge.verticles.config;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides where Core listens. Port: {@code --port} > {@code FACEFORGE_PORT} > {@code config/ports.json}
 * {@code core} > legacy {@code runtime/ports.json} {@code core} > {@code network.core_port} (whose
 * default is 43210). Bind: {@code --bind} > {@code FACEFORGE_BIND} > {@code network.bind_host}
 * (default 127.0.0.1). The first source that is set wins; a set but invalid value is an error
 * naming its source, never a quiet fall-through to the next one.
 */
public final class ListenPrecedence {
  public static final String PORT_VARIABLE = "FACEFORGE_PORT";
  public static final String BIND_VARIABLE = "FACEFORGE_BIND";

  private ListenPrecedence() {
  }

  /** Reads the two {@code ports.json} files of {@code layout}, then applies the rules. */
  public static ListenAddress resolve(OptionalInt portArgument, Optional<String> bindArgument, HostEnvironment host,
                                      HomeLayout layout, CoreConfig config) {
    return resolve(portArgument, bindArgument, host, PortsFile.readCore(layout.portsFile()),
        PortsFile.readCore(layout.legacyPortsFile()), config.network());
  }

  /** The rules alone, on values already read from each source. */
  public static ListenAddress resolve(OptionalInt portArgument, Optional<String> bindArgument, HostEnvironment host,
                                      OptionalInt portsFile, OptionalInt legacyPortsFile, CoreConfig.Network network) {
    int port = portArgument.isPresent() ? portArgument.getAsInt()
        : host.get(PORT_VARIABLE).map(ListenPrecedence::portVariable)
            .orElseGet(() -> firstOf(portsFile, legacyPortsFile).orElse(network.corePort()));
    String bind = bindArgument.or(() -> host.get(BIND_VARIABLE)).orElse(network.bindHost());
    return new ListenAddress(bind.strip(), port);
  }

  /** {@code value} as a port 0-65535 (0: any free port), or empty if it is not one. */
  public static OptionalInt parsePort(String value) {
    try {
      int port = Integer.parseInt(value.strip());
      return port >= 0 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static int portVariable(String value) {
    return parsePort(value).orElseThrow(() -> ConfigException.invalidSource(PORT_VARIABLE,
        "must be an integer 0-65535 (got \"" + value + "\")"));
  }

  private static OptionalInt firstOf(OptionalInt first, OptionalInt second) {
    return first.isPresent() ? first : second;
  }
}
