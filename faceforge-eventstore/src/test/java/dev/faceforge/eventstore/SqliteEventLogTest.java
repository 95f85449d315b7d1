package dev.faceforge.eventstore;

import static dev.faceforge.eventstore.ExpectedVersion.noStream;
import static dev.faceforge.eventstore.Fixtures.await;
import static dev.faceforge.eventstore.Fixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The SQLite event log against the contract, plus what only SQLite has (WAL). */
class SqliteEventLogTest extends EventLogContract {

  @Override
  public EventStore open(Path log, Durability durability, Projector projector, Clock clock) {
    return EventStore.open(log, durability, projector, clock);
  }

  @Override
  public EventStore openWithDefaults(Path log) {
    return EventStore.open(log);
  }

  @Override
  public EventReader reader(Path log) {
    return EventReader.open(log);
  }

  @Override
  public void tamperWithData(Path log, long position, String data) throws SQLException {
    try (Connection c = DriverManager.getConnection(Sqlite.url(log()));
         PreparedStatement ps = c.prepareStatement("UPDATE events SET data = ? WHERE position = ?")) {
      ps.setString(1, data);
      ps.setLong(2, position);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Override
  public void deleteEvent(Path log, long position) throws SQLException {
    try (Connection c = DriverManager.getConnection(Sqlite.url(log()));
         PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE position = ?")) {
      ps.setLong(1, position);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  /** {@code synchronous} is per connection, so it is read on the writer's own connection, on its thread. */
  @Override
  public Durability durabilityInEffect(EventStore store) {
    int value = await(store.submit(s -> pragma(s.connection(), "synchronous")));
    return Arrays.stream(Durability.values()).filter(d -> d.pragmaValue() == value).findFirst()
        .orElseThrow(() -> new AssertionError("unknown synchronous value " + value));
  }

  @Override
  public Class<?> crashAppender() {
    return CrashAppender.class;
  }

  @Test
  void theLogFileIsInWalMode() throws SQLException {
    await(store().append("entity:a", noStream(), events("a1")));

    try (Connection c = DriverManager.getConnection(Sqlite.url(log()));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  /**
   * Sustained writes from several threads keep the writer busy, so background checkpoints never catch up
   * with the WAL: without the writer's rewinds it grew by every frame written (here about 25 MiB).
   */
  @Test
  void theWalStartsOverUnderSustainedWrites(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path db = dir.resolve("wal.sqlite3");
    int rewindFrames = 256; // 1 MiB of 4 KiB pages
    try (EventStore store = EventStore.open(db, Durability.FULL, Projector.NONE, Clock.systemUTC(), rewindFrames, 10)) {
      String payload = "x".repeat(3_000); // about one page per event
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          runs.add(pool.submit(() -> {
            for (int i = 0; i < 1_000; i++) {
              String id = thread + "-" + i;
              await(store.append("s-" + id, noStream(),
                  java.util.List.of(new NewEvent(id, "entity.created", "{\"p\":\"" + payload + "\"}", Fixtures.META))));
            }
            return null;
          }));
        }
        for (java.util.concurrent.Future<?> r : runs) {
          r.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      long wal = java.nio.file.Files.size(dir.resolve("wal.sqlite3-wal"));
      // 4,000 events of about a page each, plus their index pages: far more than 8 MiB if the WAL never rewound
      assertThat(wal).isLessThan(8L * 1024 * 1024);
      assertThat(store.walRewinds()).isPositive();
      assertThat(store.lastPosition()).isEqualTo(4_000);
    }
  }

  private static int pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
