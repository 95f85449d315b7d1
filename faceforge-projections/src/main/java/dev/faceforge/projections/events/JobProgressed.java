package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The job's progress, as a whole: {@code percent} (0-100, or null when unknown), the current {@code step}, and
 * {@code counters} (name -> number).
 */
public record JobProgressed(String jobId, BigDecimal percent, String step, ObjectNode counters) implements JobEvent {
  public static final String TYPE = "job.progressed";

  @Override
  public String eventType() {
    return TYPE;
  }
}
