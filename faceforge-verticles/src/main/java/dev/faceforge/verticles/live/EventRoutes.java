package dev.faceforge.verticles.live;

import dev.faceforge.verticles.http.Reply;
import dev.faceforge.verticles.http.Requests;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/**
 * {@code GET /v1/events}: committed events as CloudEvents, by position. Answers
 * {@code {"items": [...], "next_after": P, "last_position": L}}; pass {@code next_after} as {@code after} to
 * continue. With filters, {@code next_after} moves past events that did not match, so polling never rescans.
 */
public final class EventRoutes {
  private static final int DEFAULT_LIMIT = 100;

  private final EventLogReads reads;

  public EventRoutes(EventLogReads reads) {
    this.reads = reads;
  }

  public void bind(RouterBuilder b) {
    b.getRoute("listEvents").addHandler(Reply.handler(this::list));
  }

  private Future<Reply> list(RoutingContext ctx) {
    String afterParam = ctx.request().getParam("after");
    long after = afterParam == null ? 0 : StreamRequest.position(afterParam, "after");
    Integer limitParam = Requests.integer(ctx, "limit");
    int limit = limitParam == null ? DEFAULT_LIMIT : limitParam;
    EventFilter filter = EventFilter.parse(ctx.request().getParam("types"), ctx.request().getParam("subject"));
    long committed = reads.committedPosition(); // before the read: the page's snapshot includes all of it
    return reads.page(after, limit, filter).map(items -> Reply.ok(body(items, after, limit, committed)));
  }

  private static String body(List<LiveEvent> items, long after, int limit, long committed) {
    long lastItem = items.isEmpty() ? after : items.get(items.size() - 1).position();
    // a short page holds every match up to `committed`, so the next read may start there
    long nextAfter = items.size() < limit ? Math.max(lastItem, Math.max(after, committed)) : lastItem;
    long lastPosition = Math.max(committed, lastItem);
    StringBuilder sb = new StringBuilder(64 + items.size() * 512).append("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(items.get(i).json());
    }
    return sb.append("],\"next_after\":").append(nextAfter)
        .append(",\"last_position\":").append(lastPosition).append('}').toString();
  }
}
