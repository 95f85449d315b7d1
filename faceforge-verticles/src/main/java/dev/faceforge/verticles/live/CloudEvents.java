package dev.faceforge.verticles.live;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The one mapping from a log row to its public CloudEvents 1.0 JSON form (structured mode), used by
 * {@code /v1/events}, SSE, WebSocket and the event-bus bridge alike:
 * {@code specversion} "1.0", {@code id} = event id, {@code source} {@value #SOURCE}, {@code type} =
 * {@code faceforge.<log type>}, {@code subject} = stream id, {@code time}, {@code datacontenttype}
 * {@code application/json}, {@code data} = the event's data exactly as stored, and the extension attributes
 * {@code sequence} (the global position, a JSON integer: CloudEvents extensions may be integers, and a number
 * sorts and compares without parsing), {@code streamversion} (integer), and when known {@code faceforgeactor},
 * {@code faceforgecorrelationid} and {@code faceforgecausationid} from the event's metadata.
 */
public final class CloudEvents {
  public static final String SOURCE = "faceforge://core";
  public static final String TYPE_PREFIX = "faceforge.";

  private CloudEvents() {
  }

  public static LiveEvent of(RecordedEvent e) {
    JsonObject head = new JsonObject()
        .put("specversion", "1.0")
        .put("id", e.eventId())
        .put("source", SOURCE)
        .put("type", TYPE_PREFIX + e.type())
        .put("subject", e.streamId())
        .put("time", Times.format(e.time()))
        .put("datacontenttype", "application/json")
        .put("sequence", e.position())
        .put("streamversion", e.streamVersion());
    metadata(e.metadata(), head);
    String encoded = head.encode();
    // data is spliced in as stored: re-encoding would reformat numbers and lose nothing else but fidelity
    String json = encoded.substring(0, encoded.length() - 1) + ",\"data\":" + e.data() + "}";
    return new LiveEvent(e.position(), e.type(), e.streamId(), json);
  }

  private static void metadata(String metadata, JsonObject head) {
    JsonObject m;
    try {
      m = metadata == null || metadata.isBlank() ? new JsonObject() : new JsonObject(metadata);
    } catch (DecodeException | ClassCastException ex) {
      return;
    }
    putText(head, "faceforgeactor", m.getValue("actor"));
    putText(head, "faceforgecorrelationid", m.getValue("correlation_id"));
    putText(head, "faceforgecausationid", m.getValue("causation_id"));
  }

  private static void putText(JsonObject head, String name, Object value) {
    if (value instanceof String s && !s.isEmpty()) {
      head.put(name, s);
    }
  }
}
