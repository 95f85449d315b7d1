package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The event log of one installation: a single SQLite file, one writer thread with group commit,
 * a projector applied inside the writer's transaction, and listeners told about every commit.
 * Plain Java: the Vert.x side wraps the returned futures.
 */
public final class EventStore implements AutoCloseable {
  private final Path dbFile;
  private final Connection connection;
  private final WriteSession session;
  private final GroupCommitWriter writer;
  private final Checkpointer checkpointer;

  private EventStore(Path dbFile, Connection connection, WriteSession session, Durability durability,
                     int rewindFrames, long checkpointMillis) {
    this.dbFile = dbFile;
    this.connection = connection;
    this.session = session;
    this.checkpointer = new Checkpointer(dbFile, durability, rewindFrames, checkpointMillis);
    this.writer = new GroupCommitWriter(connection, session, "faceforge-writer",
        () -> checkpointer.rewindIfLarge(connection));
  }

  /** Opens (creating if needed) the log in {@code dbFile} and the projector's tables. */
  public static EventStore open(Path dbFile, Durability durability, Projector projector, Clock clock) {
    return open(dbFile, durability, projector, clock, Checkpointer.REWIND_FRAMES, Checkpointer.INTERVAL_MILLIS);
  }

  /**
   * As above, checkpointing every {@code checkpointMillis} and starting the WAL over once it holds more than
   * {@code rewindFrames} frames (tests use small values).
   */
  static EventStore open(Path dbFile, Durability durability, Projector projector, Clock clock, int rewindFrames,
                         long checkpointMillis) {
    Connection c = Sqlite.openWriter(dbFile, durability);
    try {
      EventLogSchema.create(c);
      projector.createSchema(c);
      Checkpointer.disableAutomatic(c);
      return new EventStore(dbFile, c, new WriteSession(c, projector, clock), durability, rewindFrames,
          checkpointMillis);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new EventStoreException("cannot prepare " + dbFile + ": " + e.getMessage(), e);
    }
  }

  /** Opens a bare log (no query tables), {@code synchronous=FULL}, system clock. */
  public static EventStore open(Path dbFile) {
    return open(dbFile, Durability.FULL, Projector.NONE, Clock.systemUTC());
  }

  /** Queues a unit of work for the writer; completes after its transaction committed (or it failed). */
  public <T> CompletableFuture<T> submit(UnitOfWork<T> work) {
    return writer.submit(work);
  }

  /** Appends to one stream; completes with the recorded events once durable. */
  public CompletableFuture<List<RecordedEvent>> append(String streamId, ExpectedVersion expected,
                                                       List<NewEvent> events) {
    return submit(s -> s.append(streamId, expected, events));
  }

  /** Called on the writer thread after each commit with that transaction's events; must not block. */
  public void onCommit(Consumer<List<RecordedEvent>> listener) {
    writer.addListener(listener);
  }

  /** How often the writer checkpointed so that the WAL could start over (see {@link Checkpointer}). */
  long walRewinds() {
    return checkpointer.rewinds();
  }

  /** The position of the last committed event (0 for an empty log). */
  public long lastPosition() {
    return writer.committedPosition();
  }

  public Path dbFile() {
    return dbFile;
  }

  /** Finishes queued work, then closes the write connection. */
  @Override
  public void close() {
    try {
      writer.close();
      session.close();
      checkpointer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      throw new EventStoreException("closing " + dbFile + " failed", e);
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing is best effort once the work is done
    }
  }
}
