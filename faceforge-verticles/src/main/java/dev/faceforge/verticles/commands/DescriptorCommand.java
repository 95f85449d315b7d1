package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Commands on descriptors (time-bound facts about an entity). */
public sealed interface DescriptorCommand extends Command {

  /** Record a descriptor with id {@code descriptorId} on {@code entityId}. */
  record RecordDescriptor(String descriptorId, String entityId, ObjectNode body) implements DescriptorCommand {
  }

  /** Merge-patch a descriptor's value, validity or note. */
  record ChangeDescriptor(String descriptorId, ObjectNode patch, Long expectedVersion) implements DescriptorCommand {
  }

  /** Remove a descriptor. */
  record RemoveDescriptor(String descriptorId, Long expectedVersion) implements DescriptorCommand {
  }
}
