package dev.faceforge.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.JobCancelRequested;
import dev.faceforge.projections.events.JobCanceled;
import dev.faceforge.projections.events.JobClaimed;
import dev.faceforge.projections.events.JobCreated;
import dev.faceforge.projections.events.JobEvent;
import dev.faceforge.projections.events.JobFailed;
import dev.faceforge.projections.events.JobLeaseExtended;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.projections.events.JobLogged;
import dev.faceforge.projections.events.JobProgressed;
import dev.faceforge.projections.events.JobRequeued;
import dev.faceforge.projections.events.JobSucceeded;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code jobs} table (one API document per job, plus the columns the queue, the lease sweeper and
 * the lists filter on) and {@code job_log} (the structured log lines, numbered per job). Every time
 * comes from an event (the row's time, or a time the event carries), so a rebuild is exact.
 */
final class JobProjection {
  static final String[] TABLES = {"jobs", "job_log"};

  private JobProjection() {
  }

  /** Secondary indexes (a rebuild creates them after the replay). */
  static final String[] INDEXES = {
      "CREATE INDEX IF NOT EXISTS jobs_by_type ON jobs (type)",
      "CREATE INDEX IF NOT EXISTS jobs_queue ON jobs (status, executor, type)", // + rid, implicitly
      "CREATE INDEX IF NOT EXISTS jobs_leases ON jobs (lease_until) WHERE status = 'running'"
          + " AND lease_until IS NOT NULL"};

  static void createTables(Connection c) throws SQLException {
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS jobs (rid INTEGER PRIMARY KEY, job_id TEXT NOT NULL UNIQUE,"
        + " type TEXT NOT NULL, executor TEXT NOT NULL, status TEXT NOT NULL, runner_id TEXT, lease_until TEXT,"
        + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL)");
    Sql.ddl(c, "CREATE TABLE IF NOT EXISTS job_log (job_id TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL,"
        + " level TEXT NOT NULL, message TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (job_id, seq)) WITHOUT ROWID");
  }

  static void apply(Connection c, RecordedEvent row, JobEvent event) throws SQLException {
    if (event instanceof JobCreated e) {
      created(c, row, e);
      return;
    }
    ObjectNode doc = load(c, event.jobId());
    String time = Times.format(row.time());
    if (event instanceof JobClaimed e) {
      doc.put("status", "running").put("runner_id", e.runnerId()).put("lease_until", e.leaseUntil())
          .put("attempt", e.attempt()).put("started_at", time);
    } else if (event instanceof JobLeaseExtended e) {
      doc.put("lease_until", e.leaseUntil());
    } else if (event instanceof JobProgressed e) {
      ObjectNode progress = doc.putObject("progress");
      progress.put("percent", e.percent()).put("step", e.step());
      progress.set("counters", orEmpty(e.counters()));
    } else if (event instanceof JobLogged e) {
      logged(c, row, e);
      doc.put("log_count", e.firstSeq() + e.lines().size() - 1);
    } else if (event instanceof JobCancelRequested e) {
      doc.put("cancel_requested", true).put("cancel_reason", e.reason());
    } else if (event instanceof JobRequeued) {
      released(doc, "queued").putNull("started_at");
      doc.set("progress", emptyProgress());
    } else {
      finished(doc, event, time);
    }
    save(c, row, doc);
  }

  private static void finished(ObjectNode doc, JobEvent event, String time) {
    if (event instanceof JobSucceeded e) {
      released(doc, "succeeded").set("result", orEmpty(e.result()));
      doc.set("output_asset_ids", EntityDocs.strings(e.outputAssetIds()));
    } else if (event instanceof JobFailed e) {
      released(doc, "failed").put("error", e.error()).set("result", e.result());
    } else if (event instanceof JobCanceled e) {
      released(doc, "canceled").put("cancel_reason", e.reason());
    }
    doc.put("finished_at", time);
  }

  /** The job leaves its runner: no holder, no lease. */
  private static ObjectNode released(ObjectNode doc, String status) {
    return doc.put("status", status).putNull("runner_id").putNull("lease_until");
  }

  private static void created(Connection c, RecordedEvent row, JobCreated e) throws SQLException {
    String time = Times.format(row.time());
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("job_id", e.jobId()).put("type", e.type()).put("executor", e.executor()).put("status", "queued");
    doc.set("input", orEmpty(e.input()));
    doc.put("input_asset_id", e.inputAssetId()).putNull("runner_id").putNull("lease_until").put("attempt", 0);
    doc.put("cancel_requested", false).putNull("cancel_reason");
    doc.set("progress", emptyProgress());
    doc.putNull("result");
    doc.putArray("output_asset_ids");
    doc.putNull("error").put("log_count", 0);
    doc.put("created_at", time).put("updated_at", time).putNull("started_at").putNull("finished_at");
    doc.put("version", row.streamVersion());
    Sql.update(c, "INSERT INTO jobs (job_id, type, executor, status, runner_id, lease_until, created_at, updated_at,"
            + " version, doc) VALUES (?, ?, ?, 'queued', NULL, NULL, ?, ?, ?, ?)", e.jobId(), e.type(), e.executor(),
        time, time, row.streamVersion(), Sql.write(doc));
  }

  private static void logged(Connection c, RecordedEvent row, JobLogged e) throws SQLException {
    long seq = e.firstSeq();
    for (JobLogLine line : e.lines()) {
      Sql.update(c, "INSERT INTO job_log (job_id, seq, time, level, message, data) VALUES (?, ?, ?, ?, ?, ?)",
          e.jobId(), seq++, line.time() != null ? line.time() : Times.format(row.time()), line.level(),
          line.message(), Sql.write(orEmpty(line.data())));
    }
  }

  static ObjectNode load(Connection c, String jobId) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM jobs WHERE job_id = ?", jobId);
    return json == null ? null : Sql.parseObject(json);
  }

  private static void save(Connection c, RecordedEvent row, ObjectNode doc) throws SQLException {
    doc.put("updated_at", Times.format(row.time()));
    doc.put("version", row.streamVersion());
    JsonNode lease = doc.get("lease_until");
    JsonNode runner = doc.get("runner_id");
    Sql.update(c, "UPDATE jobs SET status = ?, runner_id = ?, lease_until = ?, updated_at = ?, version = ?, doc = ?"
            + " WHERE job_id = ?", doc.get("status").asText(), runner.isNull() ? null : runner.asText(),
        lease.isNull() ? null : lease.asText(), doc.get("updated_at").asText(), row.streamVersion(), Sql.write(doc),
        doc.get("job_id").asText());
  }

  private static ObjectNode emptyProgress() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.putNull("percent").putNull("step").putObject("counters");
    return p;
  }

  private static ObjectNode orEmpty(ObjectNode o) {
    return o == null ? JsonNodeFactory.instance.objectNode() : o;
  }
}
