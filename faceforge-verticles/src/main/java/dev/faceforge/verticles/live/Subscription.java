package dev.faceforge.verticles.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream, run entirely on the client connection's context: catch up from the log, then go live,
 * with no gap and no duplicate at the hand-over.
 *
 * <p>How: the inbox is registered <em>before</em> the first log read, so every event committed after that read
 * starts reaches the inbox. Pages are read from the last sent position until a page comes back short while the
 * inbox did not overflow: everything committed before that read was in it, everything after is queued. The
 * inbox is then drained, skipping positions already sent. Positions only grow, so "already sent" is simply
 * {@code position <= lastSent}.
 *
 * <p>Back-pressure: events are written while the connection's write queue has room, else held in the bounded
 * inbox. If the inbox overflows while the write queue is full, the client is not reading: it is disconnected
 * (it resumes from its last id). If it overflows while the client keeps up (a burst bigger than the inbox),
 * the subscription simply catches up from the log again, which holds every event anyway.
 */
final class Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

  private enum State { CATCHING_UP, LIVE, CLOSED }

  private final LiveEvents hub;
  private final EventLogReads reads;
  private final LiveOptions options;
  private final StreamRequest request;
  private final Sink sink;
  private Vertx vertx;
  private Inbox inbox;
  private State state = State.CATCHING_UP;
  private long lastSent;
  private long heartbeatTimer = -1;

  Subscription(LiveEvents hub, EventLogReads reads, LiveOptions options, StreamRequest request, Sink sink) {
    this.hub = hub;
    this.reads = reads;
    this.options = options;
    this.request = request;
    this.sink = sink;
  }

  /** Starts on the current (connection) context. */
  void start() {
    Context context = Vertx.currentContext();
    vertx = context.owner();
    inbox = hub.subscribe(request.filter(), options.inboxLimit(), context, this::onSignal);
    heartbeatTimer = vertx.setPeriodic(options.heartbeat().toMillis(), id -> sink.heartbeat());
    sink.open(this::close);
    if (state == State.CLOSED) {
      return; // the client left before the stream started
    }
    if (request.fromNow()) {
      // read after registering: anything later than this position is guaranteed to reach the inbox
      lastSent = reads.committedPosition();
      goLive();
    } else {
      lastSent = request.after();
      readPage();
    }
  }

  private void readPage() {
    if (state == State.CLOSED) {
      return;
    }
    if (inbox.overflowed()) {
      inbox.reset(); // the events it refused are committed, so the read below returns them
    }
    reads.page(lastSent, options.pageSize(), request.filter())
        .onSuccess(this::onPage)
        .onFailure(e -> {
          if (state != State.CLOSED) {
            LOG.warn("event stream catch-up failed after position {}: {}", lastSent, e.toString());
            disconnect("catch-up failed");
          }
        });
  }

  private void onPage(List<LiveEvent> page) {
    if (state == State.CLOSED) {
      return;
    }
    page.forEach(this::send);
    if (page.size() == options.pageSize() || inbox.overflowed()) {
      whenWritable(this::readPage);
    } else {
      goLive();
    }
  }

  private void goLive() {
    state = State.LIVE;
    drain();
  }

  /** The hub queued events or the inbox overflowed. */
  private void onSignal() {
    if (state == State.CLOSED) {
      return;
    }
    if (inbox.overflowed() && sink.writeQueueFull()) {
      hub.countSlowDisconnect();
      LOG.info("closing an event stream client that stopped reading (last sent position {})", lastSent);
      disconnect("client too slow; resume from the last id received");
    } else if (inbox.overflowed() && state == State.LIVE) {
      state = State.CATCHING_UP;
      readPage();
    } else if (state == State.LIVE) {
      drain();
    }
  }

  private void drain() {
    while (state == State.LIVE) {
      if (sink.writeQueueFull()) {
        sink.whenDrained(this::drain);
        return;
      }
      LiveEvent e = inbox.poll();
      if (e == null) {
        return;
      }
      send(e);
    }
  }

  private void send(LiveEvent e) {
    if (e.position() > lastSent) {
      sink.write(e);
      lastSent = e.position();
    }
  }

  private void whenWritable(Runnable next) {
    if (sink.writeQueueFull()) {
      sink.whenDrained(next);
    } else {
      next.run();
    }
  }

  private void disconnect(String reason) {
    close();
    sink.close(reason);
  }

  private void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    hub.unsubscribe(inbox);
    vertx.cancelTimer(heartbeatTimer);
    inbox.reset();
  }
}
