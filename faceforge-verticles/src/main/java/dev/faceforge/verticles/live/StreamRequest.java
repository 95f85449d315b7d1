package dev.faceforge.verticles.live;

import dev.faceforge.verticles.http.Problem;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a stream starts and what it carries: {@code Last-Event-ID} (sent by reconnecting SSE clients) wins over
 * {@code ?after=}; with neither, the stream starts at the current end of the log (only new events). Then the
 * {@code types} and {@code subject} filters.
 *
 * @param after   send events with a position greater than this (ignored when {@code fromNow})
 * @param fromNow start after the last committed event
 * @param filter  which events to send
 */
record StreamRequest(long after, boolean fromNow, EventFilter filter) {

  static StreamRequest of(RoutingContext ctx) {
    EventFilter filter = EventFilter.parse(ctx.request().getParam("types"), ctx.request().getParam("subject"));
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    if (lastEventId != null && !lastEventId.isBlank()) {
      return new StreamRequest(position(lastEventId, "Last-Event-ID"), false, filter);
    }
    String after = ctx.request().getParam("after");
    if (after != null) {
      return new StreamRequest(position(after, "after"), false, filter);
    }
    return new StreamRequest(0, true, filter);
  }

  /** A position parameter: a non-negative integer; 400 otherwise. */
  static long position(String value, String name) {
    try {
      long p = Long.parseLong(value.trim());
      if (p >= 0) {
        return p;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Problem.badRequest(name + " must be an event position (a non-negative integer), got " + quoted(value));
  }

  private static String quoted(String value) {
    String v = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return "\"" + v.replaceAll("[\\p{Cntrl}\"]", "?") + "\"";
  }
}
