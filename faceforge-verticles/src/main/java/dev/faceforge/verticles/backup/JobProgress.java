package dev.faceforge.verticles.backup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.jobs.JobContext;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BackupProgress} that reports into a job: milestones and warnings as log lines, progress at most
 * twice a second (percent, step, counters {@code events}, {@code blobs}, {@code bytes}), and the job's cancel
 * request. Called from the export's worker thread; {@link #finish} waits until everything it sent is durable,
 * so that the job's end never overtakes its last lines.
 */
final class JobProgress implements BackupProgress {
  private static final long INTERVAL_NANOS = 500_000_000L;

  private final JobContext ctx;
  private final List<Future<Void>> sent = new ArrayList<>();
  private long lastProgress = System.nanoTime() - INTERVAL_NANOS;

  JobProgress(JobContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public synchronized void info(String message) {
    sent.add(ctx.info(message));
  }

  @Override
  public synchronized void warn(String message) {
    sent.add(ctx.warn(message));
  }

  @Override
  public synchronized void progress(double percent, String step, long events, long blobs, long bytes) {
    long now = System.nanoTime();
    if (percent < 100 && now - lastProgress < INTERVAL_NANOS) {
      return;
    }
    lastProgress = now;
    ObjectNode counters = JsonNodeFactory.instance.objectNode().put("events", events).put("blobs", blobs)
        .put("bytes", bytes);
    double p = Math.max(0, Math.min(100, Math.floor(percent * 10) / 10));
    sent.add(ctx.progress(p, step, counters));
  }

  @Override
  public boolean canceled() {
    return ctx.cancelRequested();
  }

  /** Logs {@code lastLine} (when not null) and completes once every line and progress report is recorded. */
  synchronized Future<Void> finish(String lastLine) {
    if (lastLine != null) {
      sent.add(ctx.info(lastLine));
    }
    return Future.join(List.copyOf(sent)).mapEmpty();
  }
}
