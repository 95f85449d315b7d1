package dev.faceforge.verticles.live;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed event as the streams send it, encoded once and then shared read-only by every subscriber: the hub
 * encodes each committed batch into one buffer of consecutive SSE frames, so 200 subscribers write slices of
 * the same bytes instead of each building and UTF-8-encoding its own copy of every frame, and a subscriber that
 * sends a run of consecutive frames of one batch writes one slice of it without copying. Nothing writes into
 * {@code frames} once {@link #encode} returns; the hub hands it to other event loops through concurrent queues
 * (a happens-before edge).
 *
 * @param event  the CloudEvent (filters read its type and subject; WebSocket frames carry its JSON)
 * @param frames the SSE frames of the event's batch, in UTF-8
 * @param start  where this event's frame ({@code id:} to the blank line) starts in {@code frames}
 * @param end    where it ends (exclusive)
 */
record SharedEvent(LiveEvent event, Buffer frames, int start, int end) {

  /** The events' frames, one after the other in one buffer. */
  static List<SharedEvent> encode(List<LiveEvent> events) {
    List<String> text = new ArrayList<>(events.size());
    int chars = 0;
    for (LiveEvent e : events) {
      String frame = SseSink.frame(e);
      text.add(frame);
      chars += frame.length();
    }
    Buffer frames = Buffer.buffer(chars); // enough unless some characters take more than one byte
    List<SharedEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      int start = frames.length();
      frames.appendString(text.get(i));
      out.add(new SharedEvent(events.get(i), frames, start, frames.length()));
    }
    return out;
  }

  static SharedEvent of(LiveEvent event) {
    return encode(List.of(event)).get(0);
  }

  long position() {
    return event.position();
  }

  /** This event's frame (a view, not a copy). */
  Buffer sseFrame() {
    return frames.slice(start, end);
  }

  int frameLength() {
    return end - start;
  }

  /** True when {@code next} is the frame right after this one in the same buffer. */
  boolean followedBy(SharedEvent next) {
    return next.frames == frames && next.start == end;
  }
}
