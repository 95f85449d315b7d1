package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Commands on assets. The bytes are already stored when {@link RegisterAsset} runs. */
public sealed interface AssetCommand extends Command {

  /**
   * Make stored bytes an asset (or find the existing asset with the same hash), optionally linking it to
   * {@code entityId} with {@code role}. {@code facts} holds kind, mime_type, size_bytes, content_hash,
   * storage, derived_from_asset_id, original_filename, extracted_metadata and user_metadata.
   */
  record RegisterAsset(String assetId, ObjectNode facts, String entityId, String role) implements AssetCommand {
  }

  /** Merge-patch {@code kind}, {@code user_metadata} or {@code plugin_data}. */
  record PatchAsset(String assetId, ObjectNode patch, Long expectedVersion) implements AssetCommand {
  }

  /** Soft-delete an asset. */
  record DeleteAsset(String assetId, Long expectedVersion) implements AssetCommand {
  }

  /** Attach an asset to an entity (again: only the role changes). */
  record LinkAsset(String entityId, String assetId, String role) implements AssetCommand {
  }

  /** Detach an asset from an entity. */
  record UnlinkAsset(String entityId, String assetId) implements AssetCommand {
  }
}
