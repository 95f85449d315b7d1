package dev.faceforge.projections.events;

import java.util.List;

/**
 * Log lines were appended to the job's log; they are numbered {@code first_seq}, {@code first_seq + 1}, ...
 * (1-based, gapless per job).
 */
public record JobLogged(String jobId, long firstSeq, List<JobLogLine> lines) implements JobEvent {
  public static final String TYPE = "job.logged";

  @Override
  public String eventType() {
    return TYPE;
  }
}
