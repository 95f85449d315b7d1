package dev.faceforge.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Job state as the job deciders need it, read through the writer's connection inside its transaction:
 * one job, the head of a queue, and the leases that have run out.
 */
public final class JobState {
  private JobState() {
  }

  /** The job's API document, or null. */
  public static ObjectNode job(Connection c, String jobId) throws SQLException {
    return JobProjection.load(c, jobId);
  }

  /**
   * The oldest queued job run by {@code executor} ({@code core} or {@code runner}) whose type is one of
   * {@code types}, or null. Jobs are taken in creation order ({@code rid}), so a requeued job goes first again.
   */
  public static ObjectNode nextQueued(Connection c, String executor, List<String> types) throws SQLException {
    if (types.isEmpty()) {
      return null;
    }
    String marks = String.join(", ", Collections.nCopies(types.size(), "?"));
    List<Object> args = new ArrayList<>();
    args.add(executor);
    args.addAll(types);
    String json = Sql.queryString(c, "SELECT doc FROM jobs WHERE status = 'queued' AND executor = ? AND type IN ("
        + marks + ") ORDER BY rid LIMIT 1", args.toArray());
    return json == null ? null : Sql.parseObject(json);
  }

  /** Ids of running jobs whose lease ended before {@code now} (RFC 3339, the log's format), oldest lease first. */
  public static List<String> expiredLeases(Connection c, String now) throws SQLException {
    return ids(c, "SELECT job_id FROM jobs WHERE status = 'running' AND lease_until IS NOT NULL AND lease_until < ?"
        + " ORDER BY lease_until, job_id LIMIT 1000", now);
  }

  private static List<String> ids(Connection c, String sql, Object... args) throws SQLException {
    PreparedStatement ps = Sql.prepared(c, sql);
    Sql.bind(ps, args);
    List<String> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
