package dev.faceforge.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.eventstore.NewEvent;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.EntityCreated;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rebuild's two threads: every event replayed once and in order, and a failure on either side undone. */
class RebuilderTest {
  @TempDir
  Path dir;

  @Test
  void replaysEveryEventAcrossManyDecoderBatches() throws Exception {
    Path db = dir.resolve("core.sqlite3");
    int entities = 2_000; // several of the decoder's batches, and more than one of its queue's worth
    try (EventStore store = EventStore.open(db, Durability.FULL, new CoreProjector(), Clock.systemUTC())) {
      append(store, entities);
    }
    Map<String, Long> live = counts(db);
    assertThat(Rebuilder.rebuild(db)).isEqualTo(entities);
    assertThat(counts(db)).isEqualTo(live).containsEntry("entities", (long) entities)
        .containsEntry("entity_tags", 2L * entities)
        .containsEntry("entity_events", 0L); // an entity's own events are found through its stream
  }

  @Test
  void anUnreadableEventFailsTheRebuildAndLeavesTheTablesAsTheyWere() throws Exception {
    Path db = dir.resolve("core.sqlite3");
    try (EventStore store = EventStore.open(db, Durability.FULL, new CoreProjector(), Clock.systemUTC())) {
      append(store, 1_000);
    }
    Map<String, Long> before = counts(db);
    // appended without the projector (which would refuse it), the way a log from elsewhere could hold it
    try (EventStore bare = EventStore.open(db)) {
      bare.append("entity-broken", ExpectedVersion.any(),
          List.of(NewEvent.of(EntityCreated.TYPE, "{\"entity_id\": ", EventMetadata.system()))).get();
    }
    assertThatThrownBy(() -> Rebuilder.rebuild(db)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1001 (entity.created) has unreadable data");
    assertThat(counts(db)).isEqualTo(before);
  }

  @Test
  void aFailingProjectionStopsTheDecoderAndLeavesTheTablesAsTheyWere() throws Exception {
    Path db = dir.resolve("core.sqlite3");
    try (EventStore store = EventStore.open(db, Durability.FULL, new CoreProjector(), Clock.systemUTC())) {
      append(store, 3_000);
    }
    Map<String, Long> before = counts(db);
    // the same entity created twice: its second row breaks the table's unique id, mid-replay
    try (EventStore bare = EventStore.open(db)) {
      bare.append("entity-again", ExpectedVersion.any(), List.of(DomainEvents.toNew(created(7),
          EventMetadata.system()))).get();
    }
    int threads = Thread.activeCount();
    assertThatThrownBy(() -> Rebuilder.rebuild(db)).isInstanceOf(EventStoreException.class)
        .hasMessageContaining("replaying event 3001 (entity.created) failed");
    assertThat(counts(db)).isEqualTo(before);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("faceforge-rebuild-"));
    assertThat(dir.resolve("core.sqlite3.rebuild-search")).as("the scratch search index is gone").doesNotExist();
    assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
  }

  private static EntityCreated created(int i) {
    String id = String.format("%064x", i);
    return new EntityCreated(id, "Person " + i, List.of("P" + i), List.of("group-" + i % 7, "Group-" + i % 7 + "b"),
        null, null, null, Map.of("stash", "s" + i));
  }

  /** Entities 0 to n - 1, a hundred per transaction. */
  private static void append(EventStore store, int n) throws Exception {
    for (int from = 0; from < n; from += 100) {
      int first = from;
      store.submit(s -> {
        for (int i = first; i < Math.min(n, first + 100); i++) {
          EntityCreated e = created(i);
          s.append(e.streamId(), ExpectedVersion.noStream(), List.of(DomainEvents.toNew(e, EventMetadata.system())));
        }
        return null;
      }).get();
    }
  }

  private static Map<String, Long> counts(Path db) throws SQLException {
    Map<String, Long> counts = new java.util.TreeMap<>();
    List<String> tables = new ArrayList<>(List.of("entities", "entity_tags", "entity_external_ids", "entity_events",
        "entity_search"));
    try (Connection c = Sqlite.openReader(db); Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}
