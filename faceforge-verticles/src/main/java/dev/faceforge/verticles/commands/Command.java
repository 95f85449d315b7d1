package dev.faceforge.verticles.commands;

/**
 * Every change a caller can ask for, as imperative records. A command is validated input; whether it
 * is accepted is decided by the writer against current state ({@link Deciders}).
 */
public sealed interface Command permits EntityCommand, FieldDefinitionCommand, DescriptorCommand,
    RelationshipCommand, AssetCommand, JobCommand {
}
