package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bytes were stored and became an asset. The id is the sha256 of the bytes, so identical bytes are one
 * asset; {@code storage} says where they are ({@code provider}, {@code bucket}, {@code key}, and
 * {@code fallback_from} when the routed provider failed). Appended only after the bytes are durable.
 */
public record AssetCreated(String assetId, String kind, String mimeType, long sizeBytes, String contentHash,
                           ObjectNode storage, ObjectNode owner, String derivedFromAssetId,
                           String originalFilename, ObjectNode extractedMetadata, ObjectNode userMetadata,
                           ObjectNode pluginData) implements DomainEvent {
  public static final String TYPE = "asset.created";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.asset(assetId);
  }
}
