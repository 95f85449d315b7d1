package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Synchronous reads of the log on its own read-only connection: by position range (optionally
 * filtered by type prefixes), by stream, streamed in order, and a full hash-chain verification.
 * One reader per thread.
 */
public final class EventReader implements AutoCloseable {
  private final Connection connection;

  private EventReader(Connection connection) {
    this.connection = connection;
  }

  public static EventReader open(Path dbFile) {
    return new EventReader(Sqlite.openReader(dbFile));
  }

  /** Up to {@code limit} events after {@code afterPosition}, in position order. */
  public List<RecordedEvent> read(long afterPosition, int limit) {
    return read(afterPosition, limit, List.of());
  }

  /** As {@link #read(long, int)}, keeping only types that start with one of {@code typePrefixes}. */
  public List<RecordedEvent> read(long afterPosition, int limit, List<String> typePrefixes) {
    StringBuilder sql = new StringBuilder("SELECT " + Rows.COLUMNS + " FROM events WHERE position > ?");
    if (!typePrefixes.isEmpty()) {
      sql.append(" AND (");
      for (int i = 0; i < typePrefixes.size(); i++) {
        sql.append(i == 0 ? "" : " OR ").append("substr(type, 1, ?) = ?");
      }
      sql.append(')');
    }
    sql.append(" ORDER BY position LIMIT ?");
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      int p = 1;
      ps.setLong(p++, afterPosition);
      for (String prefix : typePrefixes) {
        ps.setInt(p++, prefix.length());
        ps.setString(p++, prefix);
      }
      ps.setInt(p, limit);
      return list(ps);
    } catch (SQLException e) {
      throw new EventStoreException("reading the log failed: " + e.getMessage(), e);
    }
  }

  /** Up to {@code limit} events of one stream after {@code afterVersion}, oldest first. */
  public List<RecordedEvent> readStream(String streamId, long afterVersion, int limit) {
    try (PreparedStatement ps = connection.prepareStatement("SELECT " + Rows.COLUMNS
        + " FROM events WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version LIMIT ?")) {
      ps.setString(1, streamId);
      ps.setLong(2, afterVersion);
      ps.setInt(3, limit);
      return list(ps);
    } catch (SQLException e) {
      throw new EventStoreException("reading stream " + streamId + " failed: " + e.getMessage(), e);
    }
  }

  /** Streams every event in {@code (afterPosition, untilPosition]} to {@code sink}, in order. */
  public long forEach(long afterPosition, long untilPosition, Consumer<RecordedEvent> sink) {
    return stream(Rows.COLUMNS, Rows::event, afterPosition, untilPosition, sink);
  }

  /**
   * Streams every event in {@code (afterPosition, untilPosition]} to {@code sink}, in order, without the columns
   * a projection never reads: {@code eventId}, {@code metadata} and {@code hash} are null (a replay reads less).
   */
  public long forEachForProjection(long afterPosition, long untilPosition, Consumer<RecordedEvent> sink) {
    return stream("position, stream_id, stream_version, type, time, data",
        rs -> new RecordedEvent(rs.getLong(1), null, rs.getString(2), rs.getLong(3), rs.getString(4),
            Times.parse(rs.getString(5)), rs.getString(6), null, null), afterPosition, untilPosition, sink);
  }

  /** A row of the events table as an event. */
  @FunctionalInterface
  private interface RowReader {
    RecordedEvent read(ResultSet rs) throws SQLException;
  }

  private long stream(String columns, RowReader reader, long afterPosition, long untilPosition,
                      Consumer<RecordedEvent> sink) {
    try (PreparedStatement ps = connection.prepareStatement("SELECT " + columns
        + " FROM events WHERE position > ? AND position <= ? ORDER BY position")) {
      ps.setLong(1, afterPosition);
      ps.setLong(2, untilPosition);
      long n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(reader.read(rs));
          n++;
        }
      }
      return n;
    } catch (SQLException e) {
      throw new EventStoreException("reading the log failed: " + e.getMessage(), e);
    }
  }

  /** The last committed position (0 for an empty log). */
  public long lastPosition() {
    try (PreparedStatement ps = connection.prepareStatement("SELECT COALESCE(MAX(position), 0) FROM events");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new EventStoreException("reading the log failed: " + e.getMessage(), e);
    }
  }

  /** Recomputes the whole hash chain and checks that positions are gapless from 1. */
  public VerifyReport verify() {
    HashChain chain = new HashChain();
    List<String> problems = new ArrayList<>();
    long[] count = {0};
    String[] previous = {HashChain.GENESIS};
    long[] expected = {1};
    forEach(0, Long.MAX_VALUE, e -> {
      count[0]++;
      if (e.position() != expected[0] && problems.size() < 100) {
        problems.add("gap: expected position " + expected[0] + ", found " + e.position());
      }
      String h = chain.hash(previous[0], e);
      if (!h.equals(e.hash()) && problems.size() < 100) {
        problems.add("hash mismatch at position " + e.position() + " (event " + e.eventId() + ")");
      }
      previous[0] = e.hash();
      expected[0] = e.position() + 1;
    });
    return new VerifyReport(count[0], expected[0] - 1, previous[0], problems);
  }

  private static List<RecordedEvent> list(PreparedStatement ps) throws SQLException {
    List<RecordedEvent> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(Rows.event(rs));
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new EventStoreException("closing a reader failed", e);
    }
  }
}
