package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a command left behind, read inside the same transaction (read-your-writes): the resource's
 * document after the change (null after a delete) and whether the command created it.
 */
public record Outcome(ObjectNode document, boolean created) {
  static Outcome created(ObjectNode doc) {
    return new Outcome(doc, true);
  }

  static Outcome of(ObjectNode doc) {
    return new Outcome(doc, false);
  }
}
