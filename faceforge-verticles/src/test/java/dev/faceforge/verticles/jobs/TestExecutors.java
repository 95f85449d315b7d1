package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CancellationException;

/** Core job executors that exist only in tests. */
final class TestExecutors {
  private TestExecutors() {
  }

  /** Logs, reports progress, and succeeds with {@code {"echo": <input>}}. */
  static final class Echo implements JobExecutor {
    @Override
    public Future<JobResult> run(JobContext ctx) {
      ObjectNode counters = JsonNodeFactory.instance.objectNode().put("items", 1);
      return ctx.info("echoing" + (ctx.resumed() ? " (resumed)" : ""))
          .compose(x -> ctx.progress(100, "echoed", counters))
          .map(x -> JobResult.of(JsonNodeFactory.instance.objectNode().<ObjectNode>set("echo", ctx.input())));
    }

    @Override
    public boolean canResume(ObjectNode job) {
      return true;
    }
  }

  /** Fails with the message given as input {@code error}. */
  static final class Boom implements JobExecutor {
    @Override
    public Future<JobResult> run(JobContext ctx) {
      return ctx.warn("about to fail").compose(x -> Future.failedFuture(new IllegalStateException(
          ctx.input().path("error").asText("boom"))));
    }
  }

  /** Runs until a cancel is requested (checked every 20 ms), then stops as canceled. Cannot resume. */
  static final class UntilCanceled implements JobExecutor {
    @Override
    public Future<JobResult> run(JobContext ctx) {
      Promise<JobResult> done = Promise.promise();
      ctx.info("waiting for a cancel request").onSuccess(x -> ctx.vertx().setPeriodic(20, t -> {
        if (ctx.cancelRequested()) {
          ctx.vertx().cancelTimer(t);
          done.fail(new CancellationException("stopped on request"));
        }
      }));
      return done.future();
    }
  }

  /** Never finishes (until the server stops). */
  static final class Forever implements JobExecutor {
    private final boolean resumable;

    Forever(boolean resumable) {
      this.resumable = resumable;
    }

    @Override
    public Future<JobResult> run(JobContext ctx) {
      return ctx.info("started").compose(x -> Promise.<JobResult>promise().future());
    }

    @Override
    public boolean canResume(ObjectNode job) {
      return resumable;
    }
  }
}
