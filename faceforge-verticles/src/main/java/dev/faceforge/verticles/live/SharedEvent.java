package dev.faceforge.verticles.live;

import io.vertx.core.buffer.Buffer;

/**
 * A committed event as the streams send it, encoded once and then shared read-only by every subscriber: the hub
 * builds one per committed event, so 200 subscribers write the same SSE frame bytes instead of each building and
 * UTF-8-encoding its own copy. Nothing writes into {@code sseFrame} after {@link #of}: Vert.x writes a slice of it,
 * and the hub hands it to other event loops through concurrent queues (a happens-before edge).
 *
 * @param event    the CloudEvent (filters read its type and subject; WebSocket frames carry its JSON)
 * @param sseFrame the complete Server-Sent Events frame, {@code id:} to the blank line, in UTF-8
 */
record SharedEvent(LiveEvent event, Buffer sseFrame) {

  static SharedEvent of(LiveEvent event) {
    return new SharedEvent(event, Buffer.buffer(SseSink.frame(event)));
  }

  long position() {
    return event.position();
  }
}
