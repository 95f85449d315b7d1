package dev.faceforge.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Turns appended events into query tables, inside the writer's transaction (so a caller reads its
 * own write). Applying an event must not throw for any event the deciders produce; an exception
 * here fails only the command that appended the event (its savepoint is rolled back).
 */
public interface Projector {
  /** Creates the query tables if missing. */
  void createSchema(Connection c) throws SQLException;

  /** Drops every query table (a rebuild follows). */
  void dropSchema(Connection c) throws SQLException;

  /** Applies one event to the query tables. */
  void apply(Connection c, RecordedEvent e) throws SQLException;

  /** A projector that keeps no tables (the bare log). */
  Projector NONE = new Projector() {
    @Override
    public void createSchema(Connection c) {
    }

    @Override
    public void dropSchema(Connection c) {
    }

    @Override
    public void apply(Connection c, RecordedEvent e) {
    }
  };
}
