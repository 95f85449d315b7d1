package dev.faceforge.verticles.read;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Job queries: one job, filtered lists (newest first), and a job's log lines after a sequence number.
 */
public final class JobReads {
  private final ReadPool db;

  public JobReads(ReadPool db) {
    this.db = db;
  }

  /** One log line: its sequence number and its JSON ({@code seq, time, level, message, data}). */
  public record LogLine(long seq, String json) {
  }

  /** A page of log lines, the last line's seq (or the {@code after} asked for), and whether more follow. */
  public record LogPage(List<LogLine> items, long lastSeq, boolean more) {
  }

  public Future<Doc> get(String jobId) {
    return db.doc("SELECT doc, version FROM jobs WHERE job_id = ?", Tuple.of(jobId));
  }

  /** Newest first, in creation order ({@code rid}: exact even within one millisecond); filters may be null. */
  public Future<Page> list(String type, String status, PageRequest page) {
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (type != null) {
      where.append(" AND j.type = ?");
      args.add(type);
    }
    if (status != null) {
      where.append(" AND j.status = ?");
      args.add(status);
    }
    return KeysetList.page(db, "jobs j", where.toString(), args, "j.rid", "j.job_id", true, "-created_at", page);
  }

  /** Up to {@code limit} lines with {@code seq > after}, oldest first. */
  public Future<LogPage> log(String jobId, long after, int limit) {
    return db.query("SELECT seq, time, level, message, data FROM job_log WHERE job_id = ? AND seq > ?"
        + " ORDER BY seq LIMIT ?", Tuple.of(jobId, after, limit + 1)).map(rows -> {
          List<LogLine> items = new ArrayList<>();
          long last = after;
          for (Row r : rows) {
            if (items.size() == limit) {
              break;
            }
            last = r.getLong(0);
            items.add(new LogLine(last, new JsonObject().put("seq", last).put("time", r.getString(1))
                .put("level", r.getString(2)).put("message", r.getString(3))
                .put("data", new JsonObject(r.getString(4))).encode()));
          }
          return new LogPage(items, last, rows.size() > limit);
        });
  }

  /** API documents of the jobs run by {@code executor} that are running now, oldest first. */
  public Future<List<String>> running(String executor) {
    return db.strings("SELECT doc FROM jobs WHERE status = 'running' AND executor = ? ORDER BY rid",
        Tuple.of(executor));
  }
}
