package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.verticles.jobs.JobContext;
import dev.faceforge.verticles.jobs.JobExecutor;
import dev.faceforge.verticles.jobs.JobResult;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * {@code core.bulk_import}: imports a directory (optionally recursive) as assets, in batches of
 * {@value #BATCH} files with {@value #BATCHES_IN_FLIGHT} batches under way (while some wait for their
 * fsyncs and their commit, others are being read, hashed and sniffed). One log line per file (imported /
 * skipped / failed, batched into few events), progress as it goes; a failing file is logged and the job
 * goes on; a re-run skips what is already imported (same bytes, same link), which is also why a job
 * interrupted by a restart can simply run again. Cancel stops it between batches.
 */
public final class BulkImport implements JobExecutor {
  public static final String TYPE = "core.bulk_import";
  static final int BATCH = 64;
  static final int BATCHES_IN_FLIGHT = 3;

  private final ImportPipeline pipeline;

  public BulkImport(ImportPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public boolean canResume(ObjectNode job) {
    return true;
  }

  @Override
  public Future<JobResult> run(JobContext ctx) {
    ObjectNode input = ctx.input();
    Path root = Path.of(input.path("path").asText());
    boolean recursive = input.path("recursive").asBoolean(false);
    String kind = input.path("kind").asText();
    return ctx.vertx().executeBlocking(() -> list(root, recursive))
        .compose(files -> ctx.info((ctx.resumed() ? "resuming: " : "") + files.size() + " files to import from "
            + root).map(files))
        .compose(files -> new Run(ctx, files, kind).start());
  }

  static List<Path> list(Path root, boolean recursive) throws java.io.IOException {
    try (Stream<Path> s = recursive ? Files.walk(root) : Files.list(root)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.getFileName().toString().endsWith("_meta.json"))
          .sorted().toList();
    }
  }

  /** One execution: a bounded number of files in flight, counters, batched log lines, throttled progress. */
  private final class Run {
    private final JobContext ctx;
    private final Iterator<Path> next;
    private final int total;
    private final String kind;
    private final Promise<JobResult> done = Promise.promise();
    private final List<JobLogLine> pending = new ArrayList<>();
    private final ImportPipeline.Counters counters = new ImportPipeline.Counters();
    private final io.vertx.core.Context loop;
    private final Sidecars sidecars;
    private int inFlight;
    private long lastReport;
    private boolean finishing;

    Run(JobContext ctx, List<Path> files, String kind) {
      this.ctx = ctx;
      this.next = files.iterator();
      this.total = files.size();
      this.kind = kind;
      this.loop = ctx.vertx().getOrCreateContext();
      this.sidecars = pipeline.sidecars(ctx.metadata());
    }

    Future<JobResult> start() {
      fill();
      return done.future();
    }

    /** Runs on the job's event loop: every callback below comes back to it, so no locking is needed. */
    private void fill() {
      while (inFlight < BATCHES_IN_FLIGHT && next.hasNext() && !ctx.cancelRequested()) {
        List<Path> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && next.hasNext()) {
          batch.add(next.next());
        }
        inFlight++;
        pipeline.importBatch(sidecars, ctx.metadata(), batch, kind).onComplete(ar -> loop.runOnContext(v -> {
          inFlight--;
          for (int i = 0; i < batch.size(); i++) {
            AsyncResult<String> outcome = ar.succeeded() ? ar.result().get(i) : Future.failedFuture(ar.cause());
            pending.add(counters.record(batch.get(i), outcome));
          }
          report(false).onComplete(x -> fill());
        }));
      }
      if (inFlight == 0 && (!next.hasNext() || ctx.cancelRequested()) && !finishing) {
        finishing = true;
        report(true).onComplete(x -> finish());
      }
    }

    private Future<Void> report(boolean last) {
      long now = System.currentTimeMillis();
      if (!last && pending.size() < 500 && now - lastReport < 250) {
        return Future.succeededFuture();
      }
      lastReport = now;
      List<JobLogLine> lines = List.copyOf(pending);
      pending.clear();
      int processed = counters.processed();
      double percent = total == 0 ? 100 : Math.floor(1000.0 * processed / total) / 10;
      return ctx.logLines(lines).compose(x -> ctx.progress(percent, processed + "/" + total, counters.json(total)));
    }

    private void finish() {
      if (ctx.cancelRequested() && counters.processed() < total) {
        done.tryFail(new CancellationException("canceled after " + counters.processed() + " of " + total + " files"));
        return;
      }
      ObjectNode result = counters.json(total);
      result.put("path", ctx.input().path("path").asText());
      done.tryComplete(JobResult.of(result));
    }
  }
}
