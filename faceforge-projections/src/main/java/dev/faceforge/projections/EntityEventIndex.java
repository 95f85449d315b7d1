package dev.faceforge.projections;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code entity_events} rows of a rebuild, collected and inserted in key order: a sorted insert
 * appends to the table's B-tree where one row per event in log order lands on a random page each time.
 * Flushed whenever {@link #LIMIT} rows are waiting, so memory stays bounded for any log.
 */
final class EntityEventIndex {
  static final int LIMIT = 1 << 20;
  private static final int CHUNK = 1 << 14;
  private static final int POSITION_BITS = 40;
  private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;

  /** Each waiting entity id, numbered in order of first appearance. */
  private final Map<String, Integer> numbers = new HashMap<>();
  private final StringBuilder rows = new StringBuilder();
  /** (entity number, position) packed into one long each. */
  private long[] waiting = new long[1024];
  private int size;

  void add(Connection c, String entityId, long position) throws SQLException {
    if (size == waiting.length) {
      if (size >= LIMIT) {
        flush(c);
      } else {
        waiting = Arrays.copyOf(waiting, size * 2);
      }
    }
    if (position > POSITION_MASK) {
      throw new IllegalStateException("log position " + position + " is beyond what a rebuild can index");
    }
    long number = numbers.computeIfAbsent(entityId, k -> numbers.size());
    waiting[size++] = number << POSITION_BITS | position;
  }

  /**
   * Inserts what is waiting in the table's key order (entity id, position). The rows go to SQLite as one
   * JSON array per {@link #CHUNK} rows, split by {@code json_each}: a statement per row would spend more
   * time crossing into the driver's native code than SQLite spends inserting.
   */
  void flush(Connection c) throws SQLException {
    String[] ids = numbers.keySet().toArray(String[]::new);
    Arrays.sort(ids);
    long[] rank = new long[ids.length];
    for (int r = 0; r < ids.length; r++) {
      rank[numbers.get(ids[r])] = r;
    }
    for (int i = 0; i < size; i++) {
      waiting[i] = rank[(int) (waiting[i] >>> POSITION_BITS)] << POSITION_BITS | waiting[i] & POSITION_MASK;
    }
    Arrays.sort(waiting, 0, size);
    for (int from = 0; from < size; from += CHUNK) {
      rows.setLength(0);
      rows.append('[');
      for (int k = from; k < Math.min(size, from + CHUNK); k++) {
        rows.append(k == from ? "[\"" : ",[\"");
        JsonStringEncoder.getInstance().quoteAsString(ids[(int) (waiting[k] >>> POSITION_BITS)], rows);
        rows.append("\",").append(waiting[k] & POSITION_MASK).append(']');
      }
      rows.append(']');
      Sql.update(c, "INSERT OR IGNORE INTO entity_events (entity_id, position)"
          + " SELECT value ->> 0, value ->> 1 FROM json_each(?)", rows.toString());
    }
    numbers.clear();
    size = 0;
  }
}
