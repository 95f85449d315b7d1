package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** An entity came into being with these properties. */
public record EntityCreated(String entityId, String displayName, List<String> aliases, List<String> tags,
                            ObjectNode fields, String primaryThumbnailAssetId, ObjectNode pluginData,
                            Map<String, String> externalIds) implements DomainEvent {
  public static final String TYPE = "entity.created";

  @Override
  public String eventType() {
    return TYPE;
  }

  @Override
  public String streamId() {
    return Streams.entity(entityId);
  }
}
