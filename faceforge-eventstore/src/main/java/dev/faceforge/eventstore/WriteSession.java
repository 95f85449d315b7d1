package dev.faceforge.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer's view of the log while a transaction is open: append to streams (checking expected
 * versions and event-id idempotency, chaining hashes, applying the projector) and read current state
 * through {@link #connection()}. Owned by the writer thread; never shared.
 */
public final class WriteSession {
  private final Connection connection;
  private final Projector projector;
  private final Clock clock;
  private final HashChain chain = new HashChain();
  private final PreparedStatement insert;
  private final PreparedStatement versionOf;
  private final PreparedStatement byEventId;
  private final PreparedStatement savepoint;
  private final PreparedStatement release;
  private final PreparedStatement rollback;
  private final List<RecordedEvent> pending = new ArrayList<>();
  private long lastPosition;
  private String lastHash;
  private Instant lastTime = Instant.EPOCH;

  WriteSession(Connection connection, Projector projector, Clock clock) throws SQLException {
    this.connection = connection;
    this.projector = projector;
    this.clock = clock;
    this.insert = connection.prepareStatement("INSERT INTO events (" + Rows.COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)");
    this.versionOf = connection.prepareStatement(
        "SELECT COALESCE(MAX(stream_version), 0) FROM events WHERE stream_id = ?");
    this.byEventId = connection.prepareStatement("SELECT " + Rows.COLUMNS + " FROM events WHERE event_id = ?");
    this.savepoint = connection.prepareStatement("SAVEPOINT append");
    this.release = connection.prepareStatement("RELEASE append");
    this.rollback = connection.prepareStatement("ROLLBACK TO append");
    reloadTail();
  }

  /** The write connection, inside the current transaction: read projection state here. */
  public Connection connection() {
    return connection;
  }

  /** The stream's current version (0 if it has no events). */
  public long streamVersion(String streamId) throws SQLException {
    versionOf.setString(1, streamId);
    try (ResultSet rs = versionOf.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Appends {@code events} to {@code streamId} if its version matches {@code expected}, all or nothing.
   * Re-appending a batch whose event ids are all already in the log returns the original rows and
   * appends nothing.
   */
  public List<RecordedEvent> append(String streamId, ExpectedVersion expected, List<NewEvent> events)
      throws SQLException {
    if (events.isEmpty()) {
      return List.of();
    }
    // Optimistic idempotency: ids are looked up only when the append cannot go through as is (a retry
    // of an append that already happened has either a stale expected version or taken ids).
    long version = streamVersion(streamId);
    if (!expected.matches(version)) {
      List<RecordedEvent> existing = alreadyAppended(streamId, events);
      if (existing != null) {
        return existing;
      }
      throw new WrongExpectedVersionException(streamId, expected, version);
    }
    try {
      return writeAll(streamId, version, events);
    } catch (DuplicateEventException e) {
      List<RecordedEvent> existing = alreadyAppended(streamId, events);
      if (existing != null) {
        return existing;
      }
      throw e;
    }
  }

  /** Writes a batch on its own savepoint: all or nothing, even when the unit catches the failure and carries on. */
  private List<RecordedEvent> writeAll(String streamId, long version, List<NewEvent> events) throws SQLException {
    Mark mark = mark();
    savepoint.execute();
    try {
      List<RecordedEvent> out = new ArrayList<>(events.size());
      long v = version;
      for (NewEvent e : events) {
        out.add(write(streamId, ++v, e));
      }
      release.execute();
      return out;
    } catch (SQLException | RuntimeException e) {
      rollback.execute();
      release.execute();
      rollbackTo(mark);
      throw e;
    }
  }

  private RecordedEvent write(String streamId, long version, NewEvent e) throws SQLException {
    Instant now = Times.truncate(clock.instant());
    lastTime = now.isBefore(lastTime) ? lastTime : now;
    RecordedEvent unhashed = new RecordedEvent(lastPosition + 1, e.eventId(), streamId, version, e.type(), lastTime,
        e.data(), Json.write(e.metadata()), null);
    String hash = chain.hash(lastHash, unhashed);
    RecordedEvent r = new RecordedEvent(unhashed.position(), e.eventId(), streamId, version, e.type(), lastTime,
        e.data(), unhashed.metadata(), hash);
    Rows.bind(insert, r);
    try {
      insert.executeUpdate();
    } catch (SQLException ex) {
      throw Constraints.translate(ex, streamId, version - 1);
    }
    lastPosition = r.position();
    lastHash = hash;
    pending.add(r);
    projector.apply(connection, r);
    return r;
  }

  private List<RecordedEvent> alreadyAppended(String streamId, List<NewEvent> events) throws SQLException {
    List<RecordedEvent> found = new ArrayList<>();
    for (NewEvent e : events) {
      byEventId.setString(1, e.eventId());
      try (ResultSet rs = byEventId.executeQuery()) {
        if (rs.next()) {
          RecordedEvent r = Rows.event(rs);
          if (!r.streamId().equals(streamId) || !r.type().equals(e.type())) {
            throw new DuplicateEventException("event id " + e.eventId() + " is already used by another event");
          }
          found.add(r);
        }
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    if (found.size() != events.size()) {
      throw new DuplicateEventException("only part of this batch was appended before; event ids must not be reused");
    }
    return found;
  }

  /** A point to roll back to: the in-memory tail must follow the savepoint. */
  record Mark(long position, String hash, Instant time, int pendingSize) {
  }

  Mark mark() {
    return new Mark(lastPosition, lastHash, lastTime, pending.size());
  }

  void rollbackTo(Mark m) {
    lastPosition = m.position();
    lastHash = m.hash();
    lastTime = m.time();
    pending.subList(m.pendingSize(), pending.size()).clear();
  }

  /** Events appended since the last call, in position order; clears the list. */
  List<RecordedEvent> drainPending() {
    List<RecordedEvent> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  long lastPosition() {
    return lastPosition;
  }

  /** Re-reads the tail of the log (after open, or after a failed commit). */
  void reloadTail() throws SQLException {
    pending.clear();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT position, hash, time FROM events ORDER BY position DESC LIMIT 1");
         ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        lastPosition = rs.getLong(1);
        lastHash = rs.getString(2);
        lastTime = Times.parse(rs.getString(3));
      } else {
        lastPosition = 0;
        lastHash = HashChain.GENESIS;
        lastTime = Instant.EPOCH;
      }
    }
  }

  void close() throws SQLException {
    insert.close();
    versionOf.close();
    byEventId.close();
    savepoint.close();
    release.close();
    rollback.close();
  }
}
