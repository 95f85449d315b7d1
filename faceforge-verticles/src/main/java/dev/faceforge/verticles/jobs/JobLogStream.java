package dev.faceforge.verticles.jobs;

import dev.faceforge.verticles.http.Problem;
import dev.faceforge.verticles.read.JobReads;
import dev.faceforge.verticles.read.JobReads.LogPage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;

/**
 * Follows a job's log as Server-Sent Events: each line is one event whose {@code id} is its {@code seq}
 * (so {@code Last-Event-ID} resumes exactly), sent as it is appended; a comment line every heartbeat
 * keeps proxies from closing the stream; {@code event: end} with the job's final status closes it. A
 * reconnect with {@code Last-Event-ID} to a finished job with nothing new is a 204, which stops
 * EventSource from reconnecting. One instance per connection, on the connection's event loop.
 */
public final class JobLogStream {
  private static final int BATCH = 500;
  private static final Set<String> FINAL = Set.of("succeeded", "failed", "canceled");

  private final RoutingContext ctx;
  private final HttpServerResponse res;
  private final JobReads reads;
  private final String jobId;
  private final boolean resuming;
  private final Duration heartbeat;
  private long lastSeq;
  private MessageConsumer<JsonObject> signals;
  private long heartbeatTimer = -1;
  private boolean started;
  private boolean fetching;
  private boolean dirty;
  private boolean closed;

  private JobLogStream(RoutingContext ctx, JobReads reads, String jobId, long after, boolean resuming,
                       Duration heartbeat) {
    this.ctx = ctx;
    this.res = ctx.response();
    this.reads = reads;
    this.jobId = jobId;
    this.lastSeq = after;
    this.resuming = resuming;
    this.heartbeat = heartbeat;
  }

  /** Streams the lines after {@code after}; {@code resuming}: the client sent {@code Last-Event-ID}. */
  public static void follow(RoutingContext ctx, JobReads reads, String jobId, long after, boolean resuming,
                            Duration heartbeat) {
    new JobLogStream(ctx, reads, jobId, after, resuming, heartbeat).start();
  }

  private void start() {
    reads.get(jobId).onComplete(ar -> {
      if (ar.failed() || ar.result() == null) {
        ctx.fail(ar.failed() ? ar.cause() : Problem.notFound("no job " + jobId));
        return;
      }
      // listen before the first read, so no line appended in between is missed
      signals = ctx.vertx().eventBus().localConsumer(JobSignals.address(jobId), m -> fetch());
      res.closeHandler(v -> cleanup());
      signals.completion().onComplete(x -> fetch());
    });
  }

  private void fetch() {
    if (closed) {
      return;
    }
    if (fetching) {
      dirty = true;
      return;
    }
    fetching = true;
    dirty = false;
    // status first: lines are never appended after a final status, so "final, then no more lines" is the end
    Future<String> status = reads.get(jobId).map(d -> new JsonObject(d.json()).getString("status"));
    status.compose(s -> reads.log(jobId, lastSeq, BATCH)).onComplete(ar -> {
      fetching = false;
      if (ar.failed()) {
        fail();
      } else {
        deliver(status.result(), ar.result());
      }
    });
  }

  private void deliver(String status, LogPage page) {
    if (closed) {
      return;
    }
    boolean done = FINAL.contains(status) && !page.more();
    if (!started && resuming && done && page.items().isEmpty()) {
      res.setStatusCode(204).end();
      cleanup();
      return;
    }
    begin();
    page.items().forEach(line -> write("id: " + line.seq() + "\n" + data(line.json()) + "\n"));
    lastSeq = page.lastSeq();
    if (res.writeQueueFull()) {
      fail(); // a client this slow resumes from Last-Event-ID instead of growing our buffer
    } else if (done) {
      write("event: end\n" + data(new JsonObject().put("job_id", jobId).put("status", status).encode()) + "\n");
      res.end();
      cleanup();
    } else if (page.more() || dirty) {
      fetch();
    }
  }

  private void begin() {
    if (started) {
      return;
    }
    started = true;
    res.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    write(": following the log of job " + jobId + "\n\n");
    heartbeatTimer = ctx.vertx().setPeriodic(heartbeat.toMillis(), t -> write(": heartbeat\n\n"));
  }

  /** One {@code data:} line per payload line, CR and LF never inside a field. */
  private static String data(String payload) {
    StringBuilder b = new StringBuilder();
    for (String line : payload.split("\r\n|\r|\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    return b.toString();
  }

  private void write(String text) {
    if (!closed) {
      res.write(text);
    }
  }

  private void fail() {
    cleanup();
    ctx.request().connection().close();
  }

  private void cleanup() {
    if (closed) {
      return;
    }
    closed = true;
    ctx.vertx().cancelTimer(heartbeatTimer);
    if (signals != null) {
      signals.unregister();
    }
  }
}
