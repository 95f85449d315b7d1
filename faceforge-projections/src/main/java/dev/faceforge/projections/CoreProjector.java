package dev.faceforge.projections;

import dev.faceforge.eventstore.Projector;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.projections.events.AssetCreated;
import dev.faceforge.projections.events.AssetDeleted;
import dev.faceforge.projections.events.AssetLinked;
import dev.faceforge.projections.events.AssetUnlinked;
import dev.faceforge.projections.events.AssetUpdated;
import dev.faceforge.projections.events.DescriptorCreated;
import dev.faceforge.projections.events.DescriptorDeleted;
import dev.faceforge.projections.events.DescriptorUpdated;
import dev.faceforge.projections.events.DomainEvent;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.EntityCreated;
import dev.faceforge.projections.events.EntityDeleted;
import dev.faceforge.projections.events.EntityUpdated;
import dev.faceforge.projections.events.FieldDefinitionCreated;
import dev.faceforge.projections.events.FieldDefinitionDeleted;
import dev.faceforge.projections.events.FieldDefinitionUpdated;
import dev.faceforge.projections.events.JobEvent;
import dev.faceforge.projections.events.RelationshipCreated;
import dev.faceforge.projections.events.RelationshipDeleted;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * All of Core's query tables behind one {@link Projector}: dispatches each event to its projection and
 * indexes which events of other streams (descriptors, relationships, asset links) concern which entity (for
 * entity history, together with the entity's own stream). Events of unknown types are skipped,
 * so a newer log can still be read.
 */
public final class CoreProjector implements Projector {
  /** Bump when any query table changes shape or meaning: the server then rebuilds on start. */
  // 2: entity_search holds lower-cased text; 3: jobs; 4: assets; 5: entity_tags indexed by entity;
  // 6: no tag or external-id index by entity; 7: entity_events holds other streams' events only;
  // 8: entity_search keeps a deleted entity's text apart (column dead), trigrams case-sensitive;
  // 9: entity_events keyed by the entity's row id
  public static final int SCHEMA_VERSION = 9;

  /** Every query table, in a fixed order (for drop, comparison and verification). */
  public static final String[] TABLES = Stream.of(new String[] {"projection_meta", "entity_events"},
          EntityProjection.TABLES, FieldDefinitionProjection.TABLES, DescriptorProjection.TABLES,
          RelationshipProjection.TABLES, AssetProjection.TABLES, JobProjection.TABLES)
      .flatMap(Stream::of).toArray(String[]::new);

  /** Secondary indexes of every table (created after the replay in a rebuild). */
  private static final String[] INDEXES = Stream.of(EntityProjection.INDEXES, DescriptorProjection.INDEXES,
      RelationshipProjection.INDEXES, AssetProjection.INDEXES, JobProjection.INDEXES).flatMap(Stream::of)
      .toArray(String[]::new);

  /**
   * True while a rebuild replays the log: it leaves the secondary indexes (nothing the replay reads goes
   * through them) to {@link #finish}, which builds each in one sorted pass.
   */
  private final boolean bulk;

  public CoreProjector() {
    this(false);
  }

  private CoreProjector(boolean bulk) {
    this.bulk = bulk;
  }

  /**
   * A projector for replaying a whole log into empty tables: call {@link #finish} after the last event. It
   * leaves the entity-history table to its caller ({@link RebuildFold} records it).
   */
  public static CoreProjector forRebuild() {
    return new CoreProjector(true);
  }

  /** Completes what a rebuild deferred. */
  public void finish(Connection c) throws SQLException {
    if (bulk) {
      for (String index : INDEXES) {
        Sql.ddl(c, index);
      }
    }
  }

  @Override
  public void createSchema(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS projection_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    Sql.update(c, "INSERT OR IGNORE INTO projection_meta (key, value) VALUES ('schema_version', ?)",
        Integer.toString(SCHEMA_VERSION));
    // by the entity's row id: a fraction of the size of a text key, and cheaper to insert
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS entity_events (entity_rid INTEGER NOT NULL, position INTEGER NOT NULL,"
        + " PRIMARY KEY (entity_rid, position)) WITHOUT ROWID");
    EntityProjection.createTables(c);
    FieldDefinitionProjection.createTables(c);
    DescriptorProjection.createTables(c);
    RelationshipProjection.createTables(c);
    AssetProjection.createTables(c);
    JobProjection.createTables(c);
    if (!bulk) {
      for (String index : INDEXES) {
        Sql.ddl(c, index);
      }
    }
  }

  @Override
  public void dropSchema(Connection c) throws SQLException {
    for (String table : TABLES) {
      // main.: unqualified, a name missing here would be looked up in attached databases too (a rebuild attaches one)
      Sql.ddl(c, "DROP TABLE IF EXISTS main." + table);
    }
  }

  @Override
  public void apply(Connection c, RecordedEvent row) throws SQLException {
    apply(c, row, DomainEvents.parse(row));
  }

  /** Applies {@code event}, already parsed from {@code row} (null: not a core domain event, skipped). */
  public void apply(Connection c, RecordedEvent row, DomainEvent event) throws SQLException {
    if (event == null) {
      return;
    }
    if (event instanceof JobEvent e) {
      JobProjection.apply(c, row, e);
      return;
    }
    // an entity's own events are not indexed in entity_events: its stream (events by stream_id) lists them,
    // and the row cost every create and patch one more randomly placed page
    if (event instanceof EntityCreated e) {
      EntityProjection.created(c, row, e);
    } else if (event instanceof EntityUpdated e) {
      EntityProjection.updated(c, row, e);
    } else if (event instanceof EntityDeleted e) {
      EntityProjection.deleted(c, row, e);
    } else if (event instanceof FieldDefinitionCreated e) {
      FieldDefinitionProjection.upsert(c, row, e.definition());
    } else if (event instanceof FieldDefinitionUpdated e) {
      FieldDefinitionProjection.upsert(c, row, e.definition());
    } else if (event instanceof FieldDefinitionDeleted e) {
      FieldDefinitionProjection.deleted(c, e.fieldKey());
    } else {
      applyAttached(c, row, event);
      if (!bulk) {
        for (String entityId : concerned(event)) {
          index(c, entityId, row.position());
        }
      }
    }
  }

  private static void applyAttached(Connection c, RecordedEvent row, DomainEvent event) throws SQLException {
    if (event instanceof DescriptorCreated e) {
      DescriptorProjection.created(c, row, e);
    } else if (event instanceof DescriptorUpdated e) {
      DescriptorProjection.updated(c, row, e);
    } else if (event instanceof DescriptorDeleted e) {
      DescriptorProjection.deleted(c, e.descriptorId());
    } else if (event instanceof RelationshipCreated e) {
      RelationshipProjection.created(c, row, e);
    } else if (event instanceof RelationshipDeleted e) {
      RelationshipProjection.deleted(c, e.relationshipId());
    } else if (event instanceof AssetCreated e) {
      AssetProjection.created(c, row, e);
    } else if (event instanceof AssetUpdated e) {
      AssetProjection.updated(c, row, e);
    } else if (event instanceof AssetDeleted e) {
      AssetProjection.deleted(c, row, e.assetId());
    } else if (event instanceof AssetLinked e) {
      AssetProjection.linked(c, row, e);
    } else if (event instanceof AssetUnlinked e) {
      AssetProjection.unlinked(c, row, e.assetId(), e.entityId());
    }
  }

  /**
   * The entities an event of another stream concerns (their history lists it): a descriptor's entity, both
   * ends of a relationship, the entity an asset is linked to or unlinked from.
   */
  static List<String> concerned(DomainEvent event) {
    if (event instanceof DescriptorCreated e) {
      return List.of(e.entityId());
    } else if (event instanceof DescriptorUpdated e) {
      return List.of(e.entityId());
    } else if (event instanceof DescriptorDeleted e) {
      return List.of(e.entityId());
    } else if (event instanceof RelationshipCreated e) {
      return List.of(e.sourceEntityId(), e.targetEntityId());
    } else if (event instanceof RelationshipDeleted e) {
      return List.of(e.sourceEntityId(), e.targetEntityId());
    } else if (event instanceof AssetLinked e) {
      return List.of(e.entityId());
    } else if (event instanceof AssetUnlinked e) {
      return List.of(e.entityId());
    }
    return List.of();
  }

  /** Records that the event at {@code position} (of another stream) concerns the entity (its history). */
  static void index(Connection c, String entityId, long position) throws SQLException {
    Sql.update(c, "INSERT OR IGNORE INTO entity_events (entity_rid, position) SELECT rid, ? FROM entities"
        + " WHERE entity_id = ?", position, entityId);
  }

  /** {@link #index} by the entity's row id. */
  static void index(Connection c, long entityRid, long position) throws SQLException {
    Sql.update(c, "INSERT OR IGNORE INTO entity_events (entity_rid, position) VALUES (?, ?)", entityRid, position);
  }

  /** The schema version the tables in {@code c} were built with, or 0 if there are none. */
  public static int builtVersion(Connection c) throws SQLException {
    String exists = Sql.queryString(c,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'projection_meta'");
    if (exists == null) {
      return 0;
    }
    String v = Sql.queryString(c, "SELECT value FROM projection_meta WHERE key = 'schema_version'");
    return v == null ? 0 : Integer.parseInt(v);
  }
}
