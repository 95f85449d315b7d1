package dev.faceforge.projections.events;

/** An asset was soft-deleted; its bytes are removed once no live asset references them. */
public record AssetDeleted(String assetId) implements DomainEvent {
  public static final String TYPE = "asset.deleted";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.asset(assetId);
  }
}
