package dev.faceforge.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The NDJSON line of one log row, as backups carry it. {@code data} and {@code metadata} are kept as the
 * exact JSON strings the log stores (not re-encoded values), because the hash chain covers those bytes.
 */
public final class EventLines {
  private EventLines() {
  }

  public static String write(RecordedEvent e) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("position", e.position());
    o.put("event_id", e.eventId());
    o.put("stream_id", e.streamId());
    o.put("stream_version", e.streamVersion());
    o.put("type", e.type());
    o.put("time", Times.format(e.time()));
    o.put("data", e.data());
    o.put("metadata", e.metadata());
    o.put("hash", e.hash());
    return Json.write(o);
  }

  /** Parses one line; a malformed line is an {@link EventStoreException} naming the line number. */
  public static RecordedEvent parse(String line, long lineNumber) {
    try {
      JsonNode o = Json.MAPPER.readTree(line);
      return new RecordedEvent(o.get("position").asLong(), text(o, "event_id"), text(o, "stream_id"),
          o.get("stream_version").asLong(), text(o, "type"), Times.parse(text(o, "time")), text(o, "data"),
          text(o, "metadata"), text(o, "hash"));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new EventStoreException("line " + lineNumber + " of the event log is not a valid event: "
          + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return n.asText();
  }
}
