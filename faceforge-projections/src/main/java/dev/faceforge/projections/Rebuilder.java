package dev.faceforge.projections;

import java.nio.file.Path;

/**
 * Drops the query tables of a database and replays the whole event log into fresh ones.
 * (Signature fixed early; the body lands with the spine.)
 */
public final class Rebuilder {
  private Rebuilder() {
  }

  /** Rebuilds the query tables of the SQLite file {@code dbFile}; returns the number of events replayed. */
  public static long rebuild(Path dbFile) {
    throw new UnsupportedOperationException("lands with the spine");
  }
}
