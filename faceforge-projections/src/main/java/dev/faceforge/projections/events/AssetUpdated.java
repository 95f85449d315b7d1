package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Some properties of an asset changed ({@code kind}, {@code user_metadata}, {@code plugin_data}): new values. */
public record AssetUpdated(String assetId, ObjectNode changes) implements DomainEvent {
  public static final String TYPE = "asset.updated";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.asset(assetId);
  }
}
