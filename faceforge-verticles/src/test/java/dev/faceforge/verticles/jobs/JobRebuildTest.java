package dev.faceforge.verticles.jobs;

import static dev.faceforge.verticles.jobs.JobHttp.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.projections.Rebuilder;
import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job tables are a pure function of the log: replaying it gives them back row for row. */
class JobRebuildTest {
  @TempDir
  Path home;

  @Test
  void rebuildingReproducesTheJobTablesExactly() throws Exception {
    Path db;
    try (RunningServer s = RunningServer.start(RunningServer.settings(home).withJobs(JobSettings.DEFAULTS
        .withSweepInterval(Duration.ofMillis(100)).withExecutor("core.test_echo", new TestExecutors.Echo())))) {
      db = s.server.store().dbFile();
      JobHttp jobs = new JobHttp(s);
      jobs.claim("r1", 30, "demo.render");
      String done = jobs.create("demo.render", new JsonObject().put("n", 1)).getString("job_id");
      String failed = jobs.create("demo.render", new JsonObject().put("n", 2)).getString("job_id");
      String canceled = jobs.create("demo.render", new JsonObject()).getString("job_id");
      jobs.claim("r1", 1, "demo.render");
      jobs.awaitStatus(done, "queued");
      jobs.claim("r2", 30, "demo.render");
      jobs.log(done, "r2", line("info", "a").put("data", new JsonObject().put("k", List.of(1, 2))),
          line("error", "b").put("time", "2025-05-05T05:05:05Z"));
      jobs.progress(done, "r2", new JsonObject().put("percent", 12.5).put("counters", new JsonObject().put("x", 3)));
      jobs.complete(done, "r2", new JsonObject().put("ok", true));
      jobs.claim("r2", 30, "demo.render");
      jobs.fail(failed, "r2", "broken");
      jobs.cancel(canceled);
      String core = jobs.create("core.test_echo", new JsonObject()).getString("job_id");
      jobs.awaitStatus(core, "succeeded");
    }
    List<String> before = dump(db);
    assertThat(before).hasSize(4 + 4);

    Rebuilder.rebuild(db);

    assertThat(dump(db)).isEqualTo(before);
  }

  private static List<String> dump(Path db) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      for (String sql : List.of("SELECT * FROM jobs ORDER BY rid", "SELECT * FROM job_log ORDER BY job_id, seq")) {
        try (ResultSet rs = st.executeQuery(sql)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              b.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append('|');
            }
            rows.add(b.toString());
          }
        }
      }
    }
    return rows;
  }
}
