package dev.faceforge.verticles.live;

import dev.faceforge.eventstore.RecordedEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub between the single writer and everyone watching: {@link #committed} is the event store's one commit
 * listener. It runs on the writer thread, so it only hands the batch to the hub's own context; there each event
 * is converted to CloudEvents JSON and its SSE frame once, published on the event bus ({@value #ADDRESS} and
 * {@code faceforge.events.<log type>}, for the bridge and in-process consumers) and offered to every stream
 * subscriber's bounded {@link Inbox}, every subscriber sharing the same bytes. The newest of them stay in
 * {@link RecentEvents}, where a subscriber that fell behind catches up without reading the log. Batches arrive
 * in commit order and are handled on one context, so every consumer sees committed events only, in position
 * order.
 */
public final class LiveEvents {
  /** Every committed event is published here; {@code faceforge.events.<log type>} carries one type. */
  public static final String ADDRESS = "faceforge.events";

  private final Context context;
  private final EventBus bus;
  private final RecentEvents recent;
  private final List<Inbox> inboxes = new CopyOnWriteArrayList<>();
  private final AtomicInteger slowDisconnects = new AtomicInteger();
  private final AtomicLong inboxHighWater = new AtomicLong();
  private final AtomicLong recentPages = new AtomicLong();
  private final AtomicLong logPages = new AtomicLong();

  /**
   * Fans out on {@code context} (any event-loop context; it is only used for this hub's ordered hand-off), the
   * first batch following {@code lastPosition} (the log's last position now).
   */
  public LiveEvents(Vertx vertx, Context context, long lastPosition, LiveOptions options) {
    this.context = context;
    this.bus = vertx.eventBus();
    this.recent = new RecentEvents(options.recentEvents(), options.recentBytes(), lastPosition);
  }

  /** The commit listener: called on the writer thread with one transaction's events; returns at once. */
  public void committed(List<RecordedEvent> batch) {
    context.runOnContext(v -> fanOut(batch));
  }

  private void fanOut(List<RecordedEvent> batch) {
    List<LiveEvent> converted = new ArrayList<>(batch.size());
    for (RecordedEvent r : batch) {
      LiveEvent e = CloudEvents.of(r);
      converted.add(e);
      JsonObject body = new JsonObject(e.json());
      bus.publish(ADDRESS, body);
      bus.publish(ADDRESS + "." + e.type(), body);
    }
    List<SharedEvent> events = SharedEvent.encode(converted);
    recent.add(events); // before the offers: a subscriber that reads the ring and then goes live misses nothing
    for (Inbox inbox : inboxes) {
      int queued = inbox.offer(events);
      inboxHighWater.accumulateAndGet(queued, Math::max);
    }
  }

  /** Registers a subscriber; from now on every committed event matching {@code filter} reaches its inbox. */
  Inbox subscribe(EventFilter filter, int limit, Context owner, Runnable signal) {
    Inbox inbox = new Inbox(filter, limit, owner, signal);
    inboxes.add(inbox);
    return inbox;
  }

  /** The recent committed events, for catch-up. */
  RecentEvents recent() {
    return recent;
  }

  void unsubscribe(Inbox inbox) {
    inboxes.remove(inbox);
  }

  void countSlowDisconnect() {
    slowDisconnects.incrementAndGet();
  }

  void countCatchUpPage(boolean fromLog) {
    (fromLog ? logPages : recentPages).incrementAndGet();
  }

  /** Stream subscribers currently registered (SSE and WebSocket). */
  public int subscriberCount() {
    return inboxes.size();
  }

  /** Subscribers closed because they did not read fast enough. */
  public int slowDisconnects() {
    return slowDisconnects.get();
  }

  /** Catch-up pages served from the recent events in memory. */
  public long recentPages() {
    return recentPages.get();
  }

  /** Catch-up pages read from the log (the recent events no longer held what came next). */
  public long logPages() {
    return logPages.get();
  }

  /** The most events any one inbox has held at once (never above the configured limit). */
  public long inboxHighWater() {
    return inboxHighWater.get();
  }
}
