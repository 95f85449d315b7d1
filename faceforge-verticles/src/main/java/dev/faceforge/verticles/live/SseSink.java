package dev.faceforge.verticles.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Server-Sent Events over one HTTP response: {@code retry:} on connect, then per event {@code id:} (the
 * position, so {@code Last-Event-ID} resumes exactly), {@code event:} (the CloudEvents type) and one
 * {@code data:} line per line of the CloudEvent JSON; heartbeats are comment lines. Field values never contain
 * CR or LF (they would end the field early and let data forge events).
 */
final class SseSink implements Sink {
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  private final HttpServerResponse response;
  private final long retryMillis;
  private final int writeQueueMaxBytes;
  private final WriteBudget budget;

  SseSink(HttpServerResponse response, LiveOptions options) {
    this.response = response;
    this.retryMillis = options.retry().toMillis();
    this.writeQueueMaxBytes = options.writeQueueMaxBytes();
    this.budget = new WriteBudget(writeQueueMaxBytes);
  }

  @Override
  public void open(Runnable onClose) {
    response.closeHandler(v -> onClose.run());
    response.setStatusCode(200)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no")
        .setChunked(true)
        .setWriteQueueMaxSize(writeQueueMaxBytes);
    response.write("retry: " + retryMillis + "\n: connected\n\n");
    if (response.closed()) {
      onClose.run();
    }
  }

  @Override
  public void write(List<SharedEvent> events) {
    SharedEvent first = events.get(0);
    SharedEvent last = events.get(events.size() - 1);
    write(consecutive(events) ? first.frames().slice(first.start(), last.end()) : joined(events));
  }

  /** True when the frames lie one after the other in one shared buffer (a run of one batch): no copy needed. */
  private static boolean consecutive(List<SharedEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      if (!events.get(i - 1).followedBy(events.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The frames in one buffer: one copy of shared bytes, cheaper than a chunk, a flush and a system call each. */
  private static Buffer joined(List<SharedEvent> events) {
    int length = 0;
    for (SharedEvent e : events) {
      length += e.frameLength();
    }
    Buffer bytes = Buffer.buffer(length);
    for (SharedEvent e : events) {
      bytes.appendBuffer(e.frames(), e.start(), e.frameLength());
    }
    return bytes;
  }

  private void write(Buffer bytes) {
    budget.track(response.write(bytes), bytes.length());
  }

  /** The event's frame; built once per event by {@link SharedEvent#encode}, whatever the number of subscribers. */
  static String frame(LiveEvent e) {
    StringBuilder sb = new StringBuilder(e.json().length() + 64)
        .append("id: ").append(e.position()).append('\n')
        .append("event: ").append(field(e.cloudEventType())).append('\n');
    dataLines(sb, e.json());
    return sb.append('\n').toString();
  }

  /**
   * One {@code data:} line per line of {@code payload}, lines ending at CR LF, CR or LF (as SSE parsers split
   * them). A plain loop, not a regex (a regex split of every CloudEvent for each of 200 subscribers once took about
   * two thirds of the server's event-loop time).
   */
  private static void dataLines(StringBuilder sb, String payload) {
    int start = 0;
    for (int i = 0; i < payload.length(); i++) {
      char c = payload.charAt(i);
      if (c == '\r' || c == '\n') {
        sb.append("data: ").append(payload, start, i).append('\n');
        if (c == '\r' && i + 1 < payload.length() && payload.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    sb.append("data: ").append(payload, start, payload.length()).append('\n');
  }

  private static String field(String value) {
    return value.replace("\r", "").replace("\n", "");
  }

  @Override
  public void heartbeat() {
    write(HEARTBEAT);
  }

  @Override
  public boolean writeQueueFull() {
    return budget.full() || response.writeQueueFull();
  }

  @Override
  public void whenDrained(Runnable next) {
    if (budget.full()) {
      budget.whenDrained(next);
    } else {
      response.drainHandler(v -> next.run());
    }
  }

  @Override
  public void close(String reason) {
    response.reset();
  }
}
