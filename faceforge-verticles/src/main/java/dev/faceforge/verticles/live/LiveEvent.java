package dev.faceforge.verticles.live;

/**
 * A committed event in its public form, converted once and shared by every consumer.
 *
 * @param position the global log position (the CloudEvent's {@code sequence}, the SSE {@code id})
 * @param type     the log type, e.g. {@code entity.created} (the CloudEvent type without {@code faceforge.})
 * @param subject  the stream id, e.g. {@code entity:<id>}
 * @param json     the CloudEvents 1.0 JSON object, with the event's {@code data} embedded verbatim
 */
public record LiveEvent(long position, String type, String subject, String json) {

  /** The CloudEvents {@code type}: {@code faceforge.} followed by the log type. */
  public String cloudEventType() {
    return CloudEvents.TYPE_PREFIX + type;
  }
}
