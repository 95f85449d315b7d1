package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.eventstore.WriteSession;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.DomainEvent;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.FieldDefinition;
import dev.faceforge.verticles.http.Problem;
import dev.faceforge.verticles.write.Writer;
import io.vertx.core.Future;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * Runs commands on the single writer: loads the state a decider needs through the writer's connection,
 * lets the decider decide, appends the events with the expected stream version, and returns the new
 * state of the resource from the same transaction.
 */
public final class CommandHandler {
  private final Writer writer;
  private final Clock clock;
  /** Entity-scope definitions, read once and dropped whenever a definition command runs (writer thread only). */
  private volatile List<FieldDefinition> entityDefinitions;
  private volatile BlobCheck blobCheck = storage -> true;

  /** Whether an asset's bytes are where its storage record says (called on the writer thread; may block). */
  public interface BlobCheck {
    boolean exists(com.fasterxml.jackson.databind.node.ObjectNode storage);
  }

  public CommandHandler(Writer writer) {
    this(writer, Clock.systemUTC());
  }

  /** {@code clock} decides times that events carry as data (e.g. when a job's lease ends). */
  public CommandHandler(Writer writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  /** Installs the blob check once storage is up (revived assets must still have their bytes). */
  public void blobCheck(BlobCheck check) {
    this.blobCheck = check;
  }

  public Future<Outcome> handle(Command command, EventMetadata metadata) {
    return writer.submit(session -> execute(new Session(session, metadata, this::entityDefinitions, blobCheck),
            command))
        .onFailure(e -> {
          if (e instanceof dev.faceforge.eventstore.EventStoreException) {
            entityDefinitions = null; // the whole transaction failed: what the cache saw may not exist
          }
        });
  }

  private Outcome execute(Session s, Command command) throws SQLException {
    if (command instanceof JobCommand c) {
      return JobExecution.execute(s, c, clock);
    }
    if (command instanceof FieldDefinitionCommand) {
      entityDefinitions = null; // reloaded from the table on next use, whether this unit commits or not
    }
    if (command instanceof EntityCommand c) {
      return EntityExecution.execute(s, c);
    }
    if (command instanceof FieldDefinitionCommand c) {
      return FieldDefinitionExecution.execute(s, c);
    }
    if (command instanceof DescriptorCommand c) {
      return DescriptorExecution.execute(s, c);
    }
    if (command instanceof AssetCommand c) {
      return AssetExecution.execute(s, c);
    }
    return RelationshipExecution.execute(s, (RelationshipCommand) command);
  }

  private List<FieldDefinition> entityDefinitions(java.sql.Connection c) throws SQLException {
    if (entityDefinitions == null) {
      entityDefinitions = List.copyOf(ProjectionState.fieldDefinitions(c, "entity"));
    }
    return entityDefinitions;
  }

  /** Reads state through a connection (may throw SQLException). */
  interface StateRead<T> {
    T read(java.sql.Connection c) throws SQLException;
  }

  /** The writer session, the metadata every event of this command carries, and cached definitions. */
  record Session(WriteSession session, EventMetadata metadata, StateRead<List<FieldDefinition>> definitions,
                 BlobCheck blobs) {
    java.sql.Connection connection() {
      return session.connection();
    }

    List<FieldDefinition> entityDefinitions() throws SQLException {
      return definitions.read(session.connection());
    }

    void append(DomainEvent event, ExpectedVersion expected) throws SQLException {
      session.append(event.streamId(), expected, List.of(DomainEvents.toNew(event, metadata)));
    }
  }

  /** Checks an If-Match version against the current one. */
  static void expect(Long expectedVersion, ObjectNode current, String what) {
    long actual = current.get("version").asLong();
    if (expectedVersion != null && expectedVersion != actual) {
      throw Problem.preconditionFailed("If-Match does not match: " + what + " is at version " + actual);
    }
  }

  static ExpectedVersion at(ObjectNode current) {
    return ExpectedVersion.exactly(current.get("version").asLong());
  }

  static ObjectNode live(ObjectNode entity, String entityId) {
    if (entity == null || !entity.get("deleted_at").isNull()) {
      throw Problem.notFound("no entity " + entityId);
    }
    return entity;
  }

  static ObjectNode entity(Session s, String entityId) throws SQLException {
    return ProjectionState.entity(s.connection(), entityId);
  }
}
