package dev.faceforge.verticles.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's stream, run entirely on the client connection's context: catch up (from the hub's recent events
 * in memory while they reach back far enough, else from the log), then go live, with no gap and no duplicate at
 * the hand-over.
 *
 * <p>How: the inbox is registered <em>before</em> the first read, so every event committed after that read
 * starts reaches the inbox. Pages are read from the last sent position until a page comes back short while the
 * inbox did not overflow: everything committed before that read was in it, everything after is queued. (For
 * the recent events, "committed before" is "appended by the hub before": the hub appends a batch there before
 * it offers the batch to the inboxes.) The inbox is then drained, skipping positions already sent. Positions
 * only grow, so "already sent" is simply {@code position <= lastSent}.
 *
 * <p>Back-pressure: events are written while the connection's write queue has room (whatever a drain finds, as
 * one write of up to {@value #CHUNK_BYTES} bytes), else held in the bounded inbox; catch-up reads the next page
 * only once the queue has drained. A client that cannot keep up is disconnected (it resumes from its last id)
 * when either its inbox overflows while live and its write queue is full, or its write queue stayed full with
 * nothing sent across two heartbeats (a client stuck during catch-up). An inbox that overflows while the client
 * keeps up (a burst bigger than the inbox) or while it is catching up costs little: the recent events or the log
 * hold every event, so the subscription reads them from there.
 */
final class Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);
  /** How much one write may carry (the write queue's limit can be exceeded by one write). */
  private static final int CHUNK_BYTES = 32 * 1024;

  private enum State { CATCHING_UP, LIVE, CLOSED }

  private final LiveEvents hub;
  private final EventLogReads reads;
  private final LiveOptions options;
  private final StreamRequest request;
  private final Sink sink;
  private Vertx vertx;
  private Context context;
  private Inbox inbox;
  private State state = State.CATCHING_UP;
  private long lastSent;
  private long heartbeatTimer = -1;
  private final StallDetector stalls = new StallDetector();

  Subscription(LiveEvents hub, EventLogReads reads, LiveOptions options, StreamRequest request, Sink sink) {
    this.hub = hub;
    this.reads = reads;
    this.options = options;
    this.request = request;
    this.sink = sink;
  }

  /** Starts on the current (connection) context. */
  void start() {
    context = Vertx.currentContext();
    vertx = context.owner();
    inbox = hub.subscribe(request.filter(), options.inboxLimit(), context, this::onSignal);
    heartbeatTimer = vertx.setPeriodic(options.heartbeat().toMillis(), id -> beat());
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

  /** Sends the next page: from the hub's recent events while they hold what comes next, else from the log. */
  private void readPage() {
    if (state == State.CLOSED) {
      return;
    }
    if (inbox.overflowed()) {
      inbox.reset(); // the events it refused are committed, so the read below returns them
    }
    RecentEvents.Page recent = hub.recent().after(lastSent, request.filter(), options.pageSize());
    hub.countCatchUpPage(recent == null);
    if (recent != null) {
      sendRecent(recent);
    } else {
      readLog();
    }
  }

  private void sendRecent(RecentEvents.Page recent) {
    sendAll(recent.events().iterator(), () -> {
      lastSent = Math.max(lastSent, recent.scannedTo()); // nothing else up to there matches
      // the next page in a later task: a long catch-up from memory must not hold the event loop
      context.runOnContext(v -> afterPage(!recent.reachedNewest()));
    });
  }

  private void readLog() {
    reads.page(lastSent, options.pageSize(), request.filter())
        .onSuccess(page -> sendAll(SharedEvent.encode(page).iterator(),
            () -> afterPage(page.size() == options.pageSize())))
        .onFailure(e -> {
          if (state != State.CLOSED) {
            LOG.warn("event stream catch-up failed after position {}: {}", lastSent, e.toString());
            disconnect("catch-up failed");
          }
        });
  }

  /** A page was sent; a short one means everything since the last inbox reset is in the inbox. */
  private void afterPage(boolean more) {
    if (state != State.CATCHING_UP) {
      return;
    }
    if (more || inbox.overflowed()) {
      readPage();
    } else {
      goLive();
    }
  }

  /** Writes a page chunk by chunk, pausing whenever the write queue is full, then runs {@code then}. */
  private void sendAll(Iterator<SharedEvent> events, Runnable then) {
    while (state != State.CLOSED) {
      if (sink.writeQueueFull()) {
        sink.whenDrained(() -> sendAll(events, then));
        return;
      }
      if (!sendChunk(() -> events.hasNext() ? events.next() : null)) {
        then.run();
        return;
      }
    }
  }

  private void goLive() {
    state = State.LIVE;
    drain();
  }

  /** The hub queued events or the inbox overflowed. */
  private void onSignal() {
    if (state != State.LIVE) {
      return; // catching up: queued events wait, refused ones are read from the log
    }
    if (!inbox.overflowed()) {
      drain();
    } else if (sink.writeQueueFull()) {
      tooSlow("its write queue is full and its inbox overflowed");
    } else {
      state = State.CATCHING_UP;
      readPage();
    }
  }

  private void beat() {
    if (state == State.CLOSED) {
      return;
    }
    if (stalls.stalled(sink.writeQueueFull(), lastSent)) {
      tooSlow("its write queue stayed full for a heartbeat interval");
    } else {
      sink.heartbeat();
    }
  }

  private void tooSlow(String why) {
    hub.countSlowDisconnect();
    LOG.info("closing an event stream client that does not keep up: {} (last sent position {})", why, lastSent);
    disconnect("too slow; resume from the last event received");
  }

  private void drain() {
    while (state == State.LIVE) {
      if (sink.writeQueueFull()) {
        sink.whenDrained(this::drain);
        return;
      }
      if (!sendChunk(inbox::poll)) {
        return;
      }
    }
  }

  /**
   * Takes events from {@code source} until it runs dry or about {@value #CHUNK_BYTES} bytes are taken, and writes
   * the ones not sent yet as one write; false once {@code source} ran dry. One write per drain instead of one per
   * event: with 200 subscribers, a chunk, a flush and a system call per event and subscriber cost more than
   * everything else the server did per event.
   */
  private boolean sendChunk(Supplier<SharedEvent> source) {
    List<SharedEvent> chunk = new ArrayList<>();
    int bytes = 0;
    SharedEvent e = null;
    while (bytes < CHUNK_BYTES && (e = source.get()) != null) {
      if (e.position() > lastSent) {
        chunk.add(e);
        bytes += e.frameLength();
        lastSent = e.position();
      }
    }
    if (!chunk.isEmpty()) {
      sink.write(chunk);
    }
    return e != null;
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
