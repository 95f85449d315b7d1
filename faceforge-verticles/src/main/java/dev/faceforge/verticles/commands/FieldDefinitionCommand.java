package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Commands on field definitions (admin). */
public sealed interface FieldDefinitionCommand extends Command {

  /** Define a new key. */
  record DefineField(ObjectNode body) implements FieldDefinitionCommand {
  }

  /** Merge-patch a definition. */
  record ChangeFieldDefinition(String fieldKey, ObjectNode patch, Long expectedVersion)
      implements FieldDefinitionCommand {
  }

  /** Remove a definition (stored values stay). */
  record RemoveFieldDefinition(String fieldKey, Long expectedVersion) implements FieldDefinitionCommand {
  }
}
