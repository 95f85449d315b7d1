package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job was submitted and is queued. {@code executor} is {@code core} (run in-process by Core) or {@code runner}
 * (worked by an out-of-process runner over HTTP); large inputs are stored as the asset {@code input_asset_id}.
 */
public record JobCreated(String jobId, String type, String executor, ObjectNode input,
                         String inputAssetId) implements JobEvent {
  public static final String TYPE = "job.created";

  @Override
  public String eventType() {
    return TYPE;
  }
}
