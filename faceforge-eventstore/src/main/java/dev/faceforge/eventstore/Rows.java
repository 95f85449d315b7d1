package dev.faceforge.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps an {@code events} row (selected with {@link #COLUMNS}) to its envelope. */
final class Rows {
  static final String COLUMNS = "position, event_id, stream_id, stream_version, type, time, data, metadata, hash";

  private Rows() {
  }

  /** Binds every column of {@code e} to an INSERT over {@link #COLUMNS}. */
  static void bind(java.sql.PreparedStatement ps, RecordedEvent e) throws SQLException {
    ps.setLong(1, e.position());
    ps.setString(2, e.eventId());
    ps.setString(3, e.streamId());
    ps.setLong(4, e.streamVersion());
    ps.setString(5, e.type());
    ps.setString(6, Times.format(e.time()));
    ps.setString(7, e.data());
    ps.setString(8, e.metadata());
    ps.setString(9, e.hash());
  }

  static RecordedEvent event(ResultSet rs) throws SQLException {
    return new RecordedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
        Times.parse(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9));
  }
}
