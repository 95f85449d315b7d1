package dev.faceforge.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.projections.events.DescriptorCreated;
import dev.faceforge.projections.events.DescriptorDeleted;
import dev.faceforge.projections.events.DescriptorUpdated;
import dev.faceforge.projections.events.DomainEvent;
import dev.faceforge.projections.events.EntityCreated;
import dev.faceforge.projections.events.EntityDeleted;
import dev.faceforge.projections.events.EntityUpdated;
import dev.faceforge.projections.events.RelationshipCreated;
import dev.faceforge.projections.events.RelationshipDeleted;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The decoding side of a rebuild: turns the log's events, in order, into the projecting thread's work.
 *
 * <p>A new entity, descriptor or relationship is held back while {@link #WINDOW} newer ones arrive, and
 * its events in that time change the held document instead of a row: the row is inserted once, with its
 * document as it then stands (an entity with its tags, external ids and search text), and a descriptor or
 * relationship deleted in that time is never inserted. An event of a row already inserted (or of any other
 * kind) is applied as the live server applies it. Documents and search texts are built and serialized on
 * this thread, so the projecting thread only binds and inserts. Rows go in by their first event's order, so
 * entities get the row ids the live server gave them.
 */
final class RebuildFold {
  /** New rows held back at most (each a small document: a few MiB in all). */
  static final int WINDOW = 4096;
  /** History rows collected at most before they are inserted (sorted): 8 bytes each, and their entity ids. */
  private static final int MAX_CONCERNS = 1 << 20;

  /** A piece of the projecting thread's work; {@code position} and {@code type} name its event in errors. */
  record Step(long position, String type, Work work) {
  }

  /** Work on the rebuild's connection. */
  @FunctionalInterface
  interface Work {
    void run(Connection c) throws SQLException;
  }

  private enum Kind { ENTITY, DESCRIPTOR, RELATIONSHIP }

  /** A row not inserted yet: its document so far, and the event that created it. */
  private record Held(Kind kind, ObjectNode doc, long position, String type) {
  }

  private final CoreProjector projector;
  private final Consumer<Step> out;
  private final int window;
  /** Held rows by stream id, oldest first. */
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();
  /** History rows not inserted yet: positions (in log order) by entity id. */
  private final HashMap<String, long[]> concerns = new HashMap<>();
  private int concernCount;
  /** Entities inserted so far: the rebuild fills an empty table, so the next one's row id is this plus one. */
  private long entities;

  RebuildFold(CoreProjector projector, Consumer<Step> out) {
    this(projector, out, WINDOW);
  }

  RebuildFold(CoreProjector projector, Consumer<Step> out, int window) {
    this.projector = projector;
    this.out = out;
    this.window = window;
  }

  /** Takes the next event of the log ({@code event} null: not a core domain event). */
  void accept(RecordedEvent row, DomainEvent event) {
    if (event == null) {
      return;
    }
    if (!fold(row, event)) {
      // as live: a row inserted already, or a kind that is not folded (its history rows with it)
      out.accept(new Step(row.position(), row.type(), c -> projector.apply(c, row, event)));
    }
  }

  /** Folds {@code event} into a held row (or holds a new one); false when it must be applied as live. */
  private boolean fold(RecordedEvent row, DomainEvent event) {
    if (held.containsKey(event.streamId()) && isCreation(event)) {
      // a second creation fails as it does live: on inserting it, after every row before it
      while (!held.isEmpty()) {
        release();
      }
      return false;
    }
    if (event instanceof EntityCreated e) {
      hold(e.streamId(), new Held(Kind.ENTITY, EntityProjection.newDoc(row, e), row.position(), row.type()));
    } else if (event instanceof DescriptorCreated e) {
      hold(e.streamId(), new Held(Kind.DESCRIPTOR, DescriptorProjection.newDoc(row, e), row.position(), row.type()));
      concerns(row, e.entityId());
    } else if (event instanceof RelationshipCreated e) {
      hold(e.streamId(),
          new Held(Kind.RELATIONSHIP, RelationshipProjection.newDoc(row, e), row.position(), row.type()));
      concerns(row, e.sourceEntityId(), e.targetEntityId());
    } else {
      Held h = held.get(event.streamId());
      if (h == null) {
        return false;
      }
      if (event instanceof EntityUpdated e) {
        EntityProjection.applyUpdate(h.doc(), row, e.changes());
      } else if (event instanceof EntityDeleted) {
        EntityProjection.applyDelete(h.doc(), row);
      } else if (event instanceof DescriptorUpdated e) {
        DescriptorProjection.applyUpdate(h.doc(), row, e.changes());
        concerns(row, e.entityId());
      } else if (event instanceof DescriptorDeleted e) {
        held.remove(e.streamId());
        concerns(row, e.entityId());
      } else if (event instanceof RelationshipDeleted e) {
        held.remove(e.streamId());
        concerns(row, e.sourceEntityId(), e.targetEntityId());
      } else {
        return false;
      }
    }
    return true;
  }

  /** Inserts every row still held. */
  void finish() {
    while (!held.isEmpty()) {
      release();
    }
    flushConcerns();
  }

  private static boolean isCreation(DomainEvent e) {
    return e instanceof EntityCreated || e instanceof DescriptorCreated || e instanceof RelationshipCreated;
  }

  private void hold(String streamId, Held h) {
    held.put(streamId, h);
    if (held.size() > window) {
      release();
    }
  }

  /** Inserts the oldest held row. */
  private void release() {
    Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
    Held h = it.next().getValue();
    it.remove();
    String json = Sql.write(h.doc());
    Work insert = switch (h.kind()) {
      case ENTITY -> {
        long rid = ++entities;
        String body = EntityDocs.searchBody(h.doc());
        yield c -> EntityProjection.insert(c, rid, h.doc(), json, body);
      }
      case DESCRIPTOR -> c -> DescriptorProjection.insert(c, h.doc(), json);
      case RELATIONSHIP -> c -> RelationshipProjection.insert(c, h.doc(), json);
    };
    out.accept(new Step(h.position(), h.type(), insert));
  }

  private void concerns(RecordedEvent row, String... entityIds) {
    for (String id : entityIds) {
      // [count, positions...]
      long[] p = concerns.get(id);
      if (p == null) {
        p = new long[4];
        concerns.put(id, p);
      } else if (p[0] + 1 == p.length) {
        p = Arrays.copyOf(p, p.length * 2);
        concerns.put(id, p);
      }
      p[(int) ++p[0]] = row.position();
    }
    concernCount += entityIds.length;
    if (concernCount >= MAX_CONCERNS) {
      flushConcerns();
    }
  }

  /** Hands the history rows over in key order (a B-tree takes sorted keys fastest). */
  private void flushConcerns() {
    if (concerns.isEmpty()) {
      return;
    }
    String[] ids = concerns.keySet().toArray(new String[0]);
    Arrays.sort(ids);
    long[][] positions = new long[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      positions[i] = concerns.get(ids[i]);
    }
    concerns.clear();
    concernCount = 0;
    out.accept(new Step(positions[0][1], "entity history", c -> {
      for (int i = 0; i < ids.length; i++) {
        long[] p = positions[i];
        for (int j = 1; j <= p[0]; j++) {
          CoreProjector.index(c, ids[i], p[j]);
        }
      }
    }));
  }
}
