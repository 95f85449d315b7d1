package dev.faceforge.launcher.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.eventstore.NewEvent;
import dev.faceforge.eventstore.Projector;
import dev.faceforge.eventstore.WriteSession;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a log of real domain events (the codec the server uses) straight into a bare event store:
 * per entity a create, then for some an update, a descriptor (updated or deleted for some), a
 * relationship to an earlier entity (deleted for some), and for some a soft delete. Remembers how many
 * rows each query table must hold after a rebuild.
 */
final class MixedLog {
  final Map<String, Integer> types = new TreeMap<>();
  long events;
  int liveEntities;
  int liveDescriptors;
  int liveRelationships;
  private final Random random = new Random(11);
  private final EventMetadata meta = new EventMetadata("user", "bench", null);

  /** Appends entity groups to a new log at {@code db} until it holds at least {@code minEvents}. */
  static MixedLog write(Path db, int minEvents) {
    MixedLog log = new MixedLog();
    try (EventStore store = EventStore.open(db, Durability.OFF, Projector.NONE, Clock.systemUTC())) {
      int k = 0;
      while (log.events < minEvents) {
        int from = k;
        int to = k + 500;
        store.submit(s -> {
          for (int e = from; e < to; e++) {
            log.entity(s, e);
          }
          return null;
        }).join();
        k = to;
      }
    }
    return log;
  }

  private void entity(WriteSession s, int k) throws java.sql.SQLException {
    String id = id("entity", k);
    List<DomainEvent> own = new ArrayList<>();
    own.add(new EntityCreated(id, People.displayName(k), List.of(People.alias(k)), List.of(People.tag(k)),
        fields(k), null, JsonNodeFactory.instance.objectNode(), Map.of()));
    if (k % 2 == 0) {
      ObjectNode changes = JsonNodeFactory.instance.objectNode().put("display_name", People.displayName(k) + " Jr");
      changes.set("fields", fields(k + 1));
      changes.set("tags", JsonNodeFactory.instance.arrayNode().add(People.tag(k)).add("updated"));
      own.add(new EntityUpdated(id, changes));
    }
    append(s, own, 0);
    String descriptor = id("descriptor", k);
    List<DomainEvent> desc = new ArrayList<>();
    desc.add(new DescriptorCreated(descriptor, id, "height_cm", JsonNodeFactory.instance.numberNode(150 + k % 50),
        "2020-01-01", null, "measured"));
    if (k % 2 == 1) {
      desc.add(new DescriptorUpdated(descriptor, id, JsonNodeFactory.instance.objectNode()
          .put("valid_to", "2024-12-31").set("note", TextNode.valueOf("re-measured"))));
    }
    if (k % 5 == 0) {
      desc.add(new DescriptorDeleted(descriptor, id));
    }
    append(s, desc, 0);
    liveDescriptors += k % 5 == 0 ? 0 : 1;
    if (k > 0) {
      String rel = id("relationship", k);
      String other = id("entity", random.nextInt(k));
      List<DomainEvent> r = new ArrayList<>();
      r.add(new RelationshipCreated(rel, id, other, "knows", JsonNodeFactory.instance.objectNode().put("since", k)));
      if (k % 10 == 3) {
        r.add(new RelationshipDeleted(rel, id, other, "knows"));
      }
      append(s, r, 0);
      liveRelationships += k % 10 == 3 ? 0 : 1;
    }
    if (k % 10 == 7) {
      append(s, List.of(new EntityDeleted(id)), own.size());
    } else {
      liveEntities++;
    }
  }

  private static ObjectNode fields(int k) {
    return JsonNodeFactory.instance.objectNode().put("city", People.city(k)).put("rank", k % 100);
  }

  /** Appends {@code stream} (events of one stream) to a stream now at {@code version}. */
  private void append(WriteSession s, List<DomainEvent> stream, long version) throws java.sql.SQLException {
    List<NewEvent> rows = new ArrayList<>(stream.size());
    for (DomainEvent e : stream) {
      rows.add(DomainEvents.toNew(e, meta));
      types.merge(e.eventType(), 1, Integer::sum);
    }
    s.append(stream.get(0).streamId(), ExpectedVersion.exactly(version), rows);
    events += rows.size();
  }

  private static String id(String kind, int k) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest((kind + ":" + k).getBytes());
      return java.util.HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
