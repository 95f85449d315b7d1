package dev.faceforge.verticles.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.projections.events.JobLogged;
import dev.faceforge.projections.events.JobProgressed;
import dev.faceforge.verticles.http.Problem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDeciderTest {
  private static final String ID = "ab".repeat(32);

  @Test
  void aLeaseEndsAtTheClocksTimePlusItsSecondsInTheLogsFormat() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00.123456Z"), ZoneOffset.UTC);

    assertThat(JobDecider.leaseUntil(clock, 60)).isEqualTo("2026-01-01T00:01:00.123Z");
  }

  @Test
  void onlyTheHolderOfARunningJobMayReportOnIt() {
    ObjectNode running = job("running", "r1");

    assertThat(JobDecider.held(running, ID, "r1")).isSameAs(running);
    assertThatThrownBy(() -> JobDecider.held(running, ID, "r2")).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.status()).isEqualTo(409));
    assertThatThrownBy(() -> JobDecider.held(job("queued", null), ID, "r1")).hasMessageContaining("claim it again");
    assertThatThrownBy(() -> JobDecider.held(job("succeeded", null), ID, "r1"))
        .hasMessage("job " + ID + " is succeeded, not running");
    assertThatThrownBy(() -> JobDecider.held(null, ID, "r1")).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.status()).isEqualTo(404));
  }

  @Test
  void progressMergesIntoTheCurrentProgress() {
    ObjectNode job = job("running", "r1");
    ObjectNode progress = job.putObject("progress");
    progress.put("percent", 10).put("step", "download");
    progress.putObject("counters").put("files", 1).put("bytes", 100);
    ObjectNode patch = JsonNodeFactory.instance.objectNode().put("percent", 20);
    patch.putObject("counters").put("files", 2).putNull("bytes");

    JobProgressed e = JobDecider.progressed(job, patch);

    assertThat(e).isEqualTo(new JobProgressed(ID, new BigDecimal(20), "download",
        JsonNodeFactory.instance.objectNode().put("files", 2)));
  }

  @Test
  void logLinesAreNumberedAfterTheExistingOnes() {
    ObjectNode job = job("running", "r1").put("log_count", 7);
    JobLogLine line = new JobLogLine("info", "hello", null, null);

    assertThat(JobDecider.logged(job, List.of(line, line))).isEqualTo(new JobLogged(ID, 8, List.of(line, line)));
  }

  private static ObjectNode job(String status, String runner) {
    return JsonNodeFactory.instance.objectNode().put("job_id", ID).put("status", status).put("runner_id", runner)
        .put("log_count", 0);
  }
}
