package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Commands on entities. {@code expectedVersion} null means "no If-Match given". */
public sealed interface EntityCommand extends Command {

  /** Create an entity with id {@code entityId} from the properties of {@code body}. */
  record CreateEntity(String entityId, ObjectNode body) implements EntityCommand {
  }

  /** Apply a JSON merge patch to the entity. */
  record PatchEntity(String entityId, ObjectNode patch, Long expectedVersion) implements EntityCommand {
  }

  /** Soft-delete the entity. */
  record DeleteEntity(String entityId, Long expectedVersion) implements EntityCommand {
  }

  /** Create or update entities matched by their external ids (each item on its own). */
  record UpsertEntities(ArrayNode items) implements EntityCommand {
  }
}
