package dev.faceforge.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps an {@code events} row (selected with {@link #COLUMNS}) to its envelope. */
final class Rows {
  static final String COLUMNS = "position, event_id, stream_id, stream_version, type, time, data, metadata, hash";

  private Rows() {
  }

  static RecordedEvent event(ResultSet rs) throws SQLException {
    return new RecordedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
        Times.parse(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9));
  }
}
