package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The job finished successfully with {@code result} and possibly produced assets ({@code output_asset_ids}). */
public record JobSucceeded(String jobId, ObjectNode result, List<String> outputAssetIds) implements JobEvent {
  public static final String TYPE = "job.succeeded";

  @Override
  public String eventType() {
    return TYPE;
  }
}
