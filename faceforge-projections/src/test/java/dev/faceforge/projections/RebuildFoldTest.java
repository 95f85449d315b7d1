package dev.faceforge.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.projections.events.DescriptorCreated;
import dev.faceforge.projections.events.DescriptorDeleted;
import dev.faceforge.projections.events.DescriptorUpdated;
import dev.faceforge.projections.events.DomainEvent;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.EntityCreated;
import dev.faceforge.projections.events.EntityDeleted;
import dev.faceforge.projections.events.EntityUpdated;
import dev.faceforge.projections.events.RelationshipCreated;
import dev.faceforge.projections.events.RelationshipDeleted;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rebuild folds each new row's first events into its document before inserting it ({@link RebuildFold}); the
 * tables must come out exactly as the live projections left them, whether a row's later events arrive while it
 * is still held or after it was inserted (small windows force the second case for most events).
 */
class RebuildFoldTest {
  @org.junit.jupiter.api.io.TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 64, RebuildFold.WINDOW})
  void theTablesComeOutAsTheLiveProjectionsLeftThem(int window) throws Exception {
    Path db = dir.resolve("core.sqlite3");
    long events;
    try (EventStore store = EventStore.open(db, Durability.OFF, new CoreProjector(), Clock.systemUTC())) {
      events = new Workload(new Random(window)).run(store, 3_000);
    }
    Map<String, List<String>> live = dump(db);
    assertThat(live.get("entities")).hasSizeGreaterThan(300);
    assertThat(live.get("descriptors")).hasSizeGreaterThan(100);
    assertThat(live.get("relationships")).hasSizeGreaterThan(100);
    assertThat(live.get("entity_events")).hasSizeGreaterThan(1000);

    assertThat(Rebuilder.rebuild(db, CoreProjector.forRebuild(), window)).isEqualTo(events);

    Map<String, List<String>> rebuilt = dump(db);
    for (String table : CoreProjector.TABLES) {
      assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(live.get(table));
    }
    try (Connection c = Sqlite.openWriter(db, Durability.OFF); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO entity_search (entity_search) VALUES ('integrity-check')");
    }
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("nothing left beside the database")
          .allMatch(f -> f.startsWith("core.sqlite3") && !f.contains("rebuild"));
    }
  }

  @Test
  void aDatabaseWithoutQueryTablesIsRebuiltTheSame() throws Exception {
    // as an import does: the log alone, no query tables yet
    Path db = dir.resolve("core.sqlite3");
    try (EventStore store = EventStore.open(db, Durability.OFF, new CoreProjector(), Clock.systemUTC())) {
      new Workload(new Random(5)).run(store, 1_000);
    }
    Map<String, List<String>> live = dump(db);
    try (Connection c = Sqlite.openWriter(db, Durability.OFF); Statement s = c.createStatement()) {
      for (String table : CoreProjector.TABLES) {
        s.executeUpdate("DROP TABLE " + table);
      }
    }
    Rebuilder.rebuild(db);
    assertThat(dump(db)).isEqualTo(live);
  }

  /** Random operations on random rows, each kind mixed with the others, with no locality. */
  private static final class Workload {
    private final Random random;
    private final List<String> entities = new ArrayList<>();
    private final List<String> liveEntities = new ArrayList<>();
    private final Map<String, String> descriptors = new LinkedHashMap<>(); // id -> entity
    private final Map<String, String[]> relationships = new LinkedHashMap<>(); // id -> source, target
    private final EventMetadata meta = EventMetadata.system();
    private long events;
    private int next;

    Workload(Random random) {
      this.random = random;
    }

    long run(EventStore store, int operations) throws Exception {
      for (int i = 0; i < operations; i += 50) {
        store.submit(s -> {
          for (int k = 0; k < 50; k++) {
            DomainEvent e = next();
            s.append(e.streamId(), ExpectedVersion.any(), List.of(DomainEvents.toNew(e, meta)));
            events++;
          }
          return null;
        }).get();
      }
      return events;
    }

    private DomainEvent next() {
      // creations twice as likely as each change, so every table keeps growing
      int op = liveEntities.size() < 5 ? 0 : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 0, 3, 6}[random.nextInt(11)];
      switch (op) {
        case 1: {
          String id = pick(liveEntities);
          ObjectNode changes = JsonNodeFactory.instance.objectNode().put("display_name", "Renamed " + next++);
          if (random.nextBoolean()) {
            changes.set("tags", JsonNodeFactory.instance.arrayNode().add("Tag-" + random.nextInt(5))
                .add("tag-" + random.nextInt(5)).add("new"));
          }
          if (random.nextBoolean()) {
            changes.set("fields", JsonNodeFactory.instance.objectNode().put("city", "City " + random.nextInt(9)));
          }
          if (random.nextInt(4) == 0) {
            changes.set("external_ids", JsonNodeFactory.instance.objectNode().put("stash", "x" + next++));
          }
          return new EntityUpdated(id, changes);
        }
        case 2:
          if (random.nextInt(3) == 0) {
            String id = liveEntities.remove(random.nextInt(liveEntities.size()));
            return new EntityDeleted(id);
          }
          return next();
        case 3: {
          String id = id("descriptor");
          String entity = pick(entities);
          descriptors.put(id, entity);
          return new DescriptorCreated(id, entity, "height_cm",
              JsonNodeFactory.instance.numberNode(random.nextInt(200)),
              random.nextBoolean() ? "2020-01-01" : null, null, "note " + next);
        }
        case 4: {
          if (descriptors.isEmpty()) {
            return next();
          }
          String id = pick(new ArrayList<>(descriptors.keySet()));
          return new DescriptorUpdated(id, descriptors.get(id), JsonNodeFactory.instance.objectNode()
              .put("valid_to", "2024-12-" + (10 + random.nextInt(18))).put("note", "again " + next++));
        }
        case 5: {
          if (descriptors.isEmpty()) {
            return next();
          }
          String id = pick(new ArrayList<>(descriptors.keySet()));
          return new DescriptorDeleted(id, descriptors.remove(id));
        }
        case 6: {
          String id = id("relationship");
          String source = pick(entities);
          String target = pick(entities);
          relationships.put(id, new String[] {source, target});
          return new RelationshipCreated(id, source, target, "knows",
              JsonNodeFactory.instance.objectNode().put("since", next));
        }
        case 7: {
          if (relationships.isEmpty()) {
            return next();
          }
          String id = pick(new ArrayList<>(relationships.keySet()));
          String[] ends = relationships.remove(id);
          return new RelationshipDeleted(id, ends[0], ends[1], "knows");
        }
        default: {
          String id = id("entity");
          entities.add(id);
          liveEntities.add(id);
          return new EntityCreated(id, "Person " + next, List.of("P" + next),
              List.of("group-" + next % 7, "Group-" + next % 7, "x" + next % 3), null, null, null,
              Map.of("stash", "s" + next));
        }
      }
    }

    private String pick(List<String> from) {
      return from.get(random.nextInt(from.size()));
    }

    private String id(String kind) {
      return String.format("%064x", (long) kind.hashCode() * 1_000_003L + next++);
    }
  }

  /** Every row of every query table, ordered by all its columns; the full-text table with its rowids. */
  private static Map<String, List<String>> dump(Path db) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = Sqlite.openReader(db); Statement s = c.createStatement()) {
      for (String table : CoreProjector.TABLES) {
        String select = table.equals("entity_search") ? "SELECT rowid, * FROM " : "SELECT * FROM ";
        int columns;
        try (ResultSet rs = s.executeQuery(select + table + " LIMIT 0")) {
          columns = rs.getMetaData().getColumnCount();
        }
        StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
        for (int i = 1; i <= columns; i++) {
          order.add(Integer.toString(i));
        }
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(select + table + order)) {
          while (rs.next()) {
            StringJoiner row = new StringJoiner(" | ");
            for (int i = 1; i <= columns; i++) {
              row.add(String.valueOf(rs.getObject(i)));
            }
            rows.add(row.toString());
          }
        }
        out.put(table, rows);
      }
    }
    return out;
  }
}
