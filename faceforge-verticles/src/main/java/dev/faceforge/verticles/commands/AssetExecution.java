package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.ExpectedVersion;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.projections.events.AssetCreated;
import dev.faceforge.projections.events.AssetDeleted;
import dev.faceforge.projections.events.AssetLinked;
import dev.faceforge.projections.events.AssetUnlinked;
import dev.faceforge.projections.events.AssetUpdated;
import dev.faceforge.verticles.commands.AssetCommand.DeleteAsset;
import dev.faceforge.verticles.commands.AssetCommand.LinkAsset;
import dev.faceforge.verticles.commands.AssetCommand.PatchAsset;
import dev.faceforge.verticles.commands.AssetCommand.RegisterAsset;
import dev.faceforge.verticles.commands.AssetCommand.UnlinkAsset;
import dev.faceforge.verticles.commands.CommandHandler.Session;
import dev.faceforge.verticles.http.Problem;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Executes asset commands on the writer. Registering bytes that are already a live asset appends no
 * {@code asset.created} (identical bytes are one asset) but still applies the requested link.
 */
final class AssetExecution {
  private AssetExecution() {
  }

  static Outcome execute(Session s, AssetCommand command) throws SQLException {
    if (command instanceof RegisterAsset c) {
      return register(s, c);
    }
    if (command instanceof PatchAsset c) {
      ObjectNode current = live(s, c.assetId());
      CommandHandler.expect(c.expectedVersion(), current, "the asset");
      ObjectNode changes = AssetDecider.changes(current, c.patch());
      if (changes.isEmpty()) {
        return Outcome.of(current);
      }
      s.append(new AssetUpdated(c.assetId(), changes), CommandHandler.at(current));
      return Outcome.of(ProjectionState.asset(s.connection(), c.assetId()));
    }
    if (command instanceof DeleteAsset c) {
      ObjectNode current = live(s, c.assetId());
      CommandHandler.expect(c.expectedVersion(), current, "the asset");
      s.append(new AssetDeleted(c.assetId()), CommandHandler.at(current));
      return Outcome.of(null);
    }
    if (command instanceof LinkAsset c) {
      CommandHandler.live(CommandHandler.entity(s, c.entityId()), c.entityId());
      link(s, live(s, c.assetId()), c.entityId(), AssetDecider.role(c.role()));
      return Outcome.of(ProjectionState.asset(s.connection(), c.assetId()));
    }
    UnlinkAsset c = (UnlinkAsset) command;
    ObjectNode current = live(s, c.assetId());
    if (!linkedTo(current, c.entityId())) {
      throw Problem.notFound("asset " + c.assetId() + " is not linked to entity " + c.entityId());
    }
    s.append(new AssetUnlinked(c.assetId(), c.entityId()), CommandHandler.at(current));
    return Outcome.of(ProjectionState.asset(s.connection(), c.assetId()));
  }

  private static Outcome register(Session s, RegisterAsset c) throws SQLException {
    String role = AssetDecider.role(c.role());
    if (c.entityId() != null) {
      CommandHandler.live(CommandHandler.entity(s, c.entityId()), c.entityId());
    }
    ObjectNode current = ProjectionState.asset(s.connection(), c.assetId());
    boolean created = current == null || !current.get("deleted_at").isNull();
    if (created) {
      String parent = text(c.facts(), "derived_from_asset_id");
      if (parent != null && isMissing(ProjectionState.asset(s.connection(), parent))) {
        throw Problem.invalid("derived_from_asset_id", "no asset " + parent);
      }
      // Reviving deleted bytes: the collector may have removed them after the upload found them present.
      if (current != null && !s.blobs().exists(AssetExecution.object(c.facts(), "storage"))) {
        throw Problem.conflict("the bytes of asset " + c.assetId() + " were removed while this upload ran; "
            + "upload the file again");
      }
      AssetCreated event = AssetDecider.created(c.assetId(), c.facts(), c.entityId());
      s.append(event, current == null ? ExpectedVersion.noStream() : CommandHandler.at(current));
      current = ProjectionState.asset(s.connection(), c.assetId());
    }
    if (c.entityId() != null && link(s, current, c.entityId(), role)) {
      current = ProjectionState.asset(s.connection(), c.assetId());
    }
    return created ? Outcome.created(current) : Outcome.of(current);
  }

  /** Appends the link unless the asset already has it (with that role); answers whether it appended. */
  private static boolean link(Session s, ObjectNode asset, String entityId, String role) throws SQLException {
    for (JsonNode l : asset.withArray("links")) {
      if (l.get("entity_id").asText().equals(entityId) && Objects.equals(text((ObjectNode) l, "role"), role)) {
        return false;
      }
    }
    s.append(new AssetLinked(asset.get("asset_id").asText(), entityId, role), CommandHandler.at(asset));
    return true;
  }

  private static ObjectNode live(Session s, String assetId) throws SQLException {
    ObjectNode a = ProjectionState.asset(s.connection(), assetId);
    if (isMissing(a)) {
      throw Problem.notFound("no asset " + assetId);
    }
    return a;
  }

  private static boolean isMissing(ObjectNode asset) {
    return asset == null || !asset.get("deleted_at").isNull();
  }

  private static boolean linkedTo(ObjectNode asset, String entityId) {
    for (JsonNode id : asset.withArray("linked_entity_ids")) {
      if (id.asText().equals(entityId)) {
        return true;
      }
    }
    return false;
  }

  static String text(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static ObjectNode object(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    return n != null && n.isObject() ? (ObjectNode) n : JsonNodeFactory.instance.objectNode();
  }
}
