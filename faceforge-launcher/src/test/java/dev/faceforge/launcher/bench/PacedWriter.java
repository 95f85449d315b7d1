package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop writer at a fixed rate: every {@link #PERIOD_NANOS} one {@code POST /v1/entities/bulk-upsert} of
 * {@link #BATCH} new entities, issued on schedule whether or not earlier ones were answered (a slow server
 * makes requests queue, it does not slow the writer down). Each entity carries, in its {@code fields}, the
 * time its request was due ({@link #STAMP_FIELD}, nanoseconds since {@link #ORIGIN}): a subscriber's lag is
 * measured from the moment the write should have left, so neither a late writer thread nor a queue hides a delay.
 */
final class PacedWriter {
  static final int BATCH = 20;
  static final long PERIOD_NANOS = 10_000_000L;
  static final String STAMP_FIELD = "bench_sent";
  /** The zero of the stamps: {@link System#nanoTime()} values may be negative, the stamps are not. */
  static final long ORIGIN = System.nanoTime();

  /**
   * One run.
   *
   * @param events      events committed (checked: every batch answered created = {@link #BATCH})
   * @param nanos       from the first batch's due time until the last answer arrived
   * @param maxSlipNanos how late the writer thread issued its latest batch (scheduling, not the server)
   * @param ackNanos    each batch's due time to its answer
   */
  record Run(long events, long nanos, long maxSlipNanos, long[] ackNanos) {
    double rate() {
      return events / (nanos / 1e9);
    }
  }

  private final Api api;
  private int nextEntity;

  PacedWriter(Api api) {
    this.api = api;
  }

  /** Writes {@code batches} batches on schedule from the calling thread, then waits for every answer. */
  Run run(int batches) {
    long t0 = System.nanoTime() + PERIOD_NANOS;
    long maxSlip = 0;
    long[] acks = new long[batches];
    List<Future<JsonObject>> answers = new ArrayList<>(batches);
    for (int k = 0; k < batches; k++) {
      long due = t0 + k * PERIOD_NANOS;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      maxSlip = Math.max(maxSlip, System.nanoTime() - due);
      int slot = k;
      answers.add(api.json(HttpMethod.POST, "/v1/entities/bulk-upsert", body(due).toBuffer(), 200)
          .onSuccess(r -> acks[slot] = System.nanoTime() - due));
    }
    for (Future<JsonObject> a : answers) {
      JsonObject r = a.toCompletionStage().toCompletableFuture().orTimeout(120, TimeUnit.SECONDS).join();
      if (r.getInteger("created") != BATCH || r.getInteger("failed") != 0) {
        throw new BenchFailure("bulk upsert of " + BATCH + " new entities answered " + r.encode());
      }
    }
    long nanos = 0;
    for (int k = 0; k < batches; k++) {
      nanos = Math.max(nanos, k * PERIOD_NANOS + acks[k]);
    }
    return new Run((long) batches * BATCH, nanos, maxSlip, acks);
  }

  private JsonObject body(long due) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < BATCH; i++) {
      JsonObject item = People.bulkItem(nextEntity++);
      item.getJsonObject("fields").put(STAMP_FIELD, due - ORIGIN);
      items.add(item);
    }
    return new JsonObject().put("items", items);
  }
}
