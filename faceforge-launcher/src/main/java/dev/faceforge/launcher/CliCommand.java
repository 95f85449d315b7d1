package dev.faceforge.launcher;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One parsed command line: what to do and the options it was given. Values are syntactically
 * valid (a port is 0-65535, a folder is not blank); whether they make sense is decided later.
 */
sealed interface CliCommand {

  /** {@code serve [--home DIR] [--port N] [--bind HOST]}: run Core until stopped. */
  record Serve(Optional<String> home, OptionalInt port, Optional<String> bind) implements CliCommand {
  }

  /** {@code rebuild [--home DIR]}: replay the event log into fresh query tables. */
  record Rebuild(Optional<String> home) implements CliCommand {
  }

  /** {@code export [--home DIR] --to FILE [--until POSITION]}: write a backup archive of the home. */
  record Export(Optional<String> home, String to, OptionalLong until) implements CliCommand {
  }

  /** {@code import [--home DIR] --from FILE [--until POSITION]}: restore an archive into an empty home. */
  record Import(Optional<String> home, String from, OptionalLong until) implements CliCommand {
  }

  /** {@code verify [--home DIR]}: check the log, the query tables and the assets' bytes. */
  record Verify(Optional<String> home) implements CliCommand {
  }

  /** {@code --help}: print the usage. */
  record Help() implements CliCommand {
  }
}
