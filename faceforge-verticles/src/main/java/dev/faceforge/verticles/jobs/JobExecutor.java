package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * Runs the jobs of one core type ({@code core.bulk_import}, {@code core.export}, ...) inside Core. A
 * feature registers its executor in {@link JobTypes}; Core's in-process runner claims queued jobs of
 * that type and calls {@link #run} with a {@link JobContext} through which the executor logs, reports
 * progress and sees cancel requests.
 *
 * <p>{@link #run} is called on the jobs verticle's event loop and must not block it: do blocking work
 * with {@code ctx.vertx().executeBlocking(...)}. Its future decides the job's end: a {@link JobResult}
 * makes it succeed; a {@link java.util.concurrent.CancellationException} after a cancel request makes
 * it canceled; any other failure makes it fail with the failure's message.
 */
public interface JobExecutor {

  Future<JobResult> run(JobContext ctx);

  /**
   * Whether a job of this type that was running when Core stopped can be run again; {@code job} is its
   * API document (progress, log count, attempt). Resumed jobs see {@link JobContext#resumed()} true.
   * The default, false, fails such jobs with a log line saying why.
   */
  default boolean canResume(ObjectNode job) {
    return false;
  }
}
