package dev.faceforge.verticles.live;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.verticles.read.ReadPool;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads the event log by position through the read pool (worker threads, never the event loop), already in
 * CloudEvents form: the catch-up half of every stream and the {@code /v1/events} pages.
 */
public final class EventLogReads {
  private static final String COLUMNS = "position, event_id, stream_id, stream_version, type, time, data, metadata";

  private final ReadPool pool;
  private final LongSupplier committedPosition;

  /** {@code committedPosition} is the writer's last committed position (cheap, never ahead of what reads see). */
  public EventLogReads(ReadPool pool, LongSupplier committedPosition) {
    this.pool = pool;
    this.committedPosition = committedPosition;
  }

  /** Up to {@code limit} events matching {@code filter} after {@code after}, in position order. */
  public Future<List<LiveEvent>> page(long after, int limit, EventFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE position > ?");
    List<Object> args = new ArrayList<>();
    args.add(after);
    filter.appendSql(sql, args);
    sql.append(" ORDER BY position LIMIT ?");
    args.add(limit);
    return pool.query(sql.toString(), Tuple.tuple(args)).map(rows -> {
      List<LiveEvent> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(CloudEvents.of(event(r))));
      return out;
    });
  }

  /**
   * The last committed position. Every event up to it is visible to a query started afterwards, so a short page
   * read after asking proves nothing matching lies between its last item and this position.
   */
  public long committedPosition() {
    return committedPosition.getAsLong();
  }

  private static RecordedEvent event(Row r) {
    return new RecordedEvent(r.getLong(0), r.getString(1), r.getString(2), r.getLong(3), r.getString(4),
        Times.parse(r.getString(5)), r.getString(6), r.getString(7), null);
  }
}
