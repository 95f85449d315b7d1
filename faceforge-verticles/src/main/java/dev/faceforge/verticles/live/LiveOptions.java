package dev.faceforge.verticles.live;

import java.time.Duration;

/**
 * Tuning of the live event stream (SSE, WebSocket). The defaults suit production; tests shorten the
 * heartbeat and shrink the buffers to provoke the slow-client rule and the catch-up paths quickly.
 *
 * @param heartbeat          how often an idle stream sends an SSE comment (WebSocket: a ping frame)
 * @param retry              the reconnect delay announced to SSE clients ({@code retry:})
 * @param pageSize           events read per catch-up page (from the recent events or the log)
 * @param inboxLimit         live events one subscriber may have waiting before it counts as overflowing
 * @param writeQueueMaxBytes the connection's write queue high-water mark; past it the subscriber waits for drain
 * @param recentEvents       committed events the hub keeps in memory for catch-up (shared by every subscriber)
 * @param recentBytes        roughly how many bytes those may take; the oldest go first past either limit
 */
public record LiveOptions(Duration heartbeat, Duration retry, int pageSize, int inboxLimit, int writeQueueMaxBytes,
                          int recentEvents, long recentBytes) {
  private static final int RECENT_EVENTS = 16_384;
  private static final long RECENT_BYTES = 32L * 1024 * 1024;

  public LiveOptions {
    if (heartbeat.isNegative() || heartbeat.isZero() || retry.isNegative() || pageSize < 1 || inboxLimit < 1
        || writeQueueMaxBytes < 2 || recentEvents < 1 || recentBytes < 0) {
      throw new IllegalArgumentException("invalid live stream options");
    }
  }

  /** The default in-memory ring of recent events. */
  public LiveOptions(Duration heartbeat, Duration retry, int pageSize, int inboxLimit, int writeQueueMaxBytes) {
    this(heartbeat, retry, pageSize, inboxLimit, writeQueueMaxBytes, RECENT_EVENTS, RECENT_BYTES);
  }

  public static LiveOptions defaults() {
    return new LiveOptions(Duration.ofSeconds(15), Duration.ofSeconds(3), 500, 10_000, 256 * 1024);
  }

  public LiveOptions withHeartbeat(Duration d) {
    return new LiveOptions(d, retry, pageSize, inboxLimit, writeQueueMaxBytes, recentEvents, recentBytes);
  }

  public LiveOptions withBuffers(int inbox, int writeQueueBytes) {
    return new LiveOptions(heartbeat, retry, pageSize, inbox, writeQueueBytes, recentEvents, recentBytes);
  }

  public LiveOptions withRecent(int events, long bytes) {
    return new LiveOptions(heartbeat, retry, pageSize, inboxLimit, writeQueueMaxBytes, events, bytes);
  }
}
