package dev.faceforge.eventstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who caused an event and in answer to what: {@code actor} (e.g. {@code user}, {@code plugin:ffstash}),
 * {@code correlation_id} (one per request or job, shared by every event it caused) and
 * {@code causation_id} (the event or command that directly caused this one). Stored as JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMetadata(
    @JsonProperty("actor") String actor,
    @JsonProperty("correlation_id") String correlationId,
    @JsonProperty("causation_id") String causationId) {

  /** Metadata for work done by Core itself (rebuilds, tests, maintenance). */
  public static EventMetadata system() {
    return new EventMetadata("system", null, null);
  }
}
