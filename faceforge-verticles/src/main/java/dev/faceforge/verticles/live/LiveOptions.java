package dev.faceforge.verticles.live;

import java.time.Duration;

/**
 * Tuning of the live event stream (SSE, WebSocket). The defaults suit production; tests shorten the
 * heartbeat and shrink the buffers to provoke the slow-client rule quickly.
 *
 * @param heartbeat          how often an idle stream sends an SSE comment (WebSocket: a ping frame)
 * @param retry              the reconnect delay announced to SSE clients ({@code retry:})
 * @param pageSize           events read from the log per catch-up query
 * @param inboxLimit         live events one subscriber may have waiting before it counts as overflowing
 * @param writeQueueMaxBytes the connection's write queue high-water mark; past it the subscriber waits for drain
 */
public record LiveOptions(Duration heartbeat, Duration retry, int pageSize, int inboxLimit, int writeQueueMaxBytes) {

  public LiveOptions {
    if (heartbeat.isNegative() || heartbeat.isZero() || retry.isNegative() || pageSize < 1 || inboxLimit < 1 || writeQueueMaxBytes < 2) {
      throw new IllegalArgumentException("invalid live stream options");
    }
  }

  public static LiveOptions defaults() {
    return new LiveOptions(Duration.ofSeconds(15), Duration.ofSeconds(3), 500, 10_000, 256 * 1024);
  }

  public LiveOptions withHeartbeat(Duration d) {
    return new LiveOptions(d, retry, pageSize, inboxLimit, writeQueueMaxBytes);
  }

  public LiveOptions withBuffers(int inbox, int writeQueueBytes) {
    return new LiveOptions(heartbeat, retry, pageSize, inbox, writeQueueBytes);
  }
}
