package dev.faceforge.verticles.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;

/**
 * The event stream over a WebSocket: one CloudEvent JSON object per text frame, ping frames as heartbeats.
 * Frames the client sends are ignored. A client that falls behind is closed with 1013 (try again later) and
 * resumes with {@code ?after=<last sequence>}.
 */
final class WebSocketSink implements Sink {
  private static final short TRY_AGAIN_LATER = 1013;
  private final ServerWebSocket socket;
  private final int writeQueueMaxBytes;
  private final WriteBudget budget;

  WebSocketSink(ServerWebSocket socket, LiveOptions options) {
    this.socket = socket;
    this.writeQueueMaxBytes = options.writeQueueMaxBytes();
    this.budget = new WriteBudget(writeQueueMaxBytes);
  }

  @Override
  public void open(Runnable onClose) {
    socket.closeHandler(v -> onClose.run());
    socket.handler(ignored -> { });
    socket.setWriteQueueMaxSize(writeQueueMaxBytes);
    if (socket.isClosed()) {
      onClose.run();
    }
  }

  @Override
  public void write(List<SharedEvent> events) {
    for (SharedEvent e : events) {
      String json = e.event().json();
      budget.track(socket.writeTextMessage(json), json.length());
    }
  }

  @Override
  public void heartbeat() {
    socket.writePing(Buffer.buffer("ff"));
  }

  @Override
  public boolean writeQueueFull() {
    return budget.full() || socket.writeQueueFull();
  }

  @Override
  public void whenDrained(Runnable next) {
    if (budget.full()) {
      budget.whenDrained(next);
    } else {
      socket.drainHandler(v -> next.run());
    }
  }

  @Override
  public void close(String reason) {
    socket.close(TRY_AGAIN_LATER, reason);
  }
}
