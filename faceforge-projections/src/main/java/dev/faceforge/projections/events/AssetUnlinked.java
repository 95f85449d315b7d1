package dev.faceforge.projections.events;

/** An asset was detached from an entity. */
public record AssetUnlinked(String assetId, String entityId) implements DomainEvent {
  public static final String TYPE = "asset.unlinked";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.asset(assetId);
  }
}
