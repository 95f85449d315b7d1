package dev.faceforge.projections.events;

/** An asset was attached to an entity, with an optional role (e.g. {@code portrait}, {@code training}). */
public record AssetLinked(String assetId, String entityId, String role) implements DomainEvent {
  public static final String TYPE = "asset.linked";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.asset(assetId);
  }
}
