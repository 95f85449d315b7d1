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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The decoding side of a rebuild: turns the log's events, in order, into the projecting thread's work.
 *
 * <p>A new entity, descriptor or relationship is held back while {@link #WINDOW} newer ones arrive, and
 * its events in that time change the held document instead of a row: the row is inserted once, with its
 * document as it then stands (an entity with its tags, external ids and search text), and a descriptor or
 * relationship deleted in that time is never inserted. An event of a row already inserted (or of any other
 * kind) is applied as the live server applies it. Documents are built on this thread, so the projecting thread
 * only serializes, binds and inserts. Rows go in by their first event's order, so
 * entities get the row ids the live server gave them. Final documents go to the {@link SearchIndexBuilder}; the
 * entity history of every event is inserted by the entities' row ids, known here.
 */
final class RebuildFold {
  /** New rows held back at most (each a small document: a few MiB in all). */
  static final int WINDOW = 4096;
  /** Row ids of entities remembered at most (about 150 bytes each); at least {@link #WINDOW}. */
  private static final int MAX_RIDS = 1 << 20;
  /** Entity-history rows collected at most before they are inserted. */
  private static final int MAX_HISTORY = 1 << 20;

  /** A piece of the projecting thread's work; {@code position} and {@code type} name its event in errors. */
  record Step(long position, String type, Work work) {
  }

  /** Work on the rebuild's connection. */
  @FunctionalInterface
  interface Work {
    void run(Connection c) throws SQLException;
  }

  private enum Kind { ENTITY, DESCRIPTOR, RELATIONSHIP }

  /** A row not inserted yet: its document so far, the event that created it, an entity's row id. */
  private record Held(Kind kind, ObjectNode doc, long position, String type, long rid) {
  }

  private final CoreProjector projector;
  private final SearchIndexBuilder search;
  private final Consumer<Step> out;
  private final int window;
  /** Held rows by stream id, oldest first. */
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();
  /** Entity-history rows not inserted yet: by row id - 1, {@code [n, position 1, ..., position n]}. */
  private List<long[]> history = new ArrayList<>();
  private int historyRows;
  /** The row ids of the entities created last (at most {@link #MAX_RIDS}), by entity id. */
  private final Map<String, Long> rids = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_RIDS;
    }
  };
  /** True once an entity changed after its row was inserted: then the search index is derived from the table. */
  private boolean searchStale;
  /** Entities inserted so far: the rebuild fills an empty table, so the next one's row id is this plus one. */
  private long entities;

  /** Final entity documents go to {@code search}, work for the rebuild's connection to {@code out}. */
  RebuildFold(CoreProjector projector, SearchIndexBuilder search, Consumer<Step> out, int window) {
    this.projector = projector;
    this.search = search;
    this.out = out;
    this.window = window;
  }

  /** Takes the next event of the log ({@code event} null: not a core domain event). */
  void accept(RecordedEvent row, DomainEvent event) {
    if (event == null) {
      return;
    }
    if (!fold(row, event)) {
      if (event instanceof EntityCreated || event instanceof EntityUpdated || event instanceof EntityDeleted) {
        searchStale = true; // the live projection changes the search text in the rebuild's connection
      }
      // as live: a row inserted already, or a kind that is not folded
      out.accept(new Step(row.position(), row.type(), c -> projector.apply(c, row, event)));
    }
    history(row, CoreProjector.concerned(event));
  }

  /**
   * The event's entity-history rows. By the entity's row id, known here for every entity created in the last
   * {@link #MAX_RIDS} (all held ones among them), they are collected and inserted in key order later; for an
   * older one the row id is looked up when the row is inserted (that entity's row is in by then).
   */
  private void history(RecordedEvent row, List<String> entityIds) {
    for (String entityId : entityIds) {
      Long rid = rids.get(entityId);
      if (rid == null) {
        long position = row.position();
        out.accept(new Step(position, row.type(), c -> CoreProjector.index(c, entityId, position)));
        continue;
      }
      int i = (int) (rid - 1);
      while (history.size() <= i) {
        history.add(null);
      }
      long[] p = history.get(i); // [n, position 1, ..., position n]
      if (p == null) {
        p = new long[4];
        history.set(i, p);
      } else if (p[0] + 1 == p.length) {
        p = Arrays.copyOf(p, p.length * 2);
        history.set(i, p);
      }
      p[(int) ++p[0]] = row.position();
      if (++historyRows == MAX_HISTORY) {
        flushHistory();
      }
    }
  }

  /** Hands the collected history rows over, in key order (row id, then position): a B-tree takes them fastest. */
  private void flushHistory() {
    if (historyRows == 0) {
      return;
    }
    List<long[]> rows = history;
    history = new ArrayList<>();
    historyRows = 0;
    out.accept(new Step(0, "entity history", c -> {
      for (int i = 0; i < rows.size(); i++) {
        long[] p = rows.get(i);
        for (int j = 1; p != null && j <= p[0]; j++) {
          CoreProjector.index(c, i + 1L, p[j]);
        }
      }
    }));
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
      long rid = ++entities;
      rids.put(e.entityId(), rid);
      hold(e.streamId(), new Held(Kind.ENTITY, EntityProjection.newDoc(row, e), row.position(), row.type(), rid));
    } else if (event instanceof DescriptorCreated e) {
      hold(e.streamId(), new Held(Kind.DESCRIPTOR, DescriptorProjection.newDoc(row, e), row.position(), row.type(), 0));
    } else if (event instanceof RelationshipCreated e) {
      hold(e.streamId(),
          new Held(Kind.RELATIONSHIP, RelationshipProjection.newDoc(row, e), row.position(), row.type(), 0));
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
      } else if (event instanceof DescriptorDeleted || event instanceof RelationshipDeleted) {
        held.remove(event.streamId());
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the search index built beside the rebuild ({@link SearchIndexBuilder}) holds every entity's final
   * text; false when it must be derived from the entities' rows instead (call after {@link #finish}).
   */
  boolean searchComplete() {
    return !searchStale;
  }

  /** Inserts every row still held. */
  void finish() {
    while (!held.isEmpty()) {
      release();
    }
    flushHistory();
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
    // a released document changes no more: the inserting thread serializes it (it waits for this one more often
    // than this one waits for it) and the search index's thread takes its text, both only reading it
    Work insert = switch (h.kind()) {
      case ENTITY -> {
        long rid = h.rid();
        if (!searchStale) {
          search.add(rid, h.doc());
        }
        yield c -> EntityProjection.insert(c, rid, h.doc(), Sql.write(h.doc()));
      }
      case DESCRIPTOR -> c -> DescriptorProjection.insert(c, h.doc(), Sql.write(h.doc()));
      case RELATIONSHIP -> c -> RelationshipProjection.insert(c, h.doc(), Sql.write(h.doc()));
    };
    out.accept(new Step(h.position(), h.type(), insert));
  }
}
