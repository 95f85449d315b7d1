package dev.faceforge.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one thread owns the write connection and turns whatever units of work are
 * queued into one transaction (group commit), each unit on its own savepoint. One fsync then
 * acknowledges the whole batch, which is what makes {@code synchronous=FULL} affordable.
 */
final class GroupCommitWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 1024;

  private final Connection connection;
  private final WriteSession session;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final List<Consumer<List<RecordedEvent>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Runnable betweenBatches;
  private final Thread thread;
  private volatile boolean closing;
  private volatile long committedPosition;

  private record Task<T>(UnitOfWork<T> work, CompletableFuture<T> future) {
  }

  private static final Task<Void> STOP = new Task<>(s -> null, new CompletableFuture<>());

  /**
   * Starts the writer thread; it runs {@code betweenBatches} after each batch, outside any transaction (the
   * WAL housekeeping of {@link Checkpointer#rewindIfLarge}).
   */
  GroupCommitWriter(Connection connection, WriteSession session, String name, Runnable betweenBatches) {
    this.connection = connection;
    this.session = session;
    this.betweenBatches = betweenBatches;
    this.committedPosition = session.lastPosition();
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(false);
    this.thread.start();
  }

  <T> CompletableFuture<T> submit(UnitOfWork<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    if (closing) {
      f.completeExceptionally(new EventStoreException("the event store is closed"));
      return f;
    }
    queue.add(new Task<>(work, f));
    return f;
  }

  void addListener(Consumer<List<RecordedEvent>> listener) {
    listeners.add(listener);
  }

  long committedPosition() {
    return committedPosition;
  }

  /** Lets queued work finish, then stops the thread. */
  void close() throws InterruptedException {
    closing = true;
    queue.add(STOP);
    thread.join();
  }

  private void loop() {
    List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        runBatch(batch);
        betweenBatches.run();
      }
      batch.clear();
    }
    // work that raced with close() is refused, never silently dropped
    List<Task<?>> rest = new ArrayList<>();
    queue.drainTo(rest);
    rest.forEach(t -> t.future().completeExceptionally(new EventStoreException("the event store is closed")));
  }

  private void runBatch(List<Task<?>> batch) {
    Object[] results = new Object[batch.size()];
    Throwable[] errors = new Throwable[batch.size()];
    List<RecordedEvent> committed;
    try {
      Sqlite.exec(connection, "BEGIN IMMEDIATE");
      for (int i = 0; i < batch.size(); i++) {
        runUnit(batch.get(i), i, results, errors);
      }
      Sqlite.exec(connection, "COMMIT");
      committed = session.drainPending();
    } catch (SQLException | RuntimeException e) {
      failBatch(batch, e);
      return;
    }
    if (!committed.isEmpty()) {
      committedPosition = committed.get(committed.size() - 1).position();
    }
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results[i], errors[i]);
    }
    publish(committed);
  }

  private void runUnit(Task<?> task, int i, Object[] results, Throwable[] errors) throws SQLException {
    WriteSession.Mark mark = session.mark();
    Sqlite.exec(connection, "SAVEPOINT unit");
    try {
      results[i] = task.work().run(session);
      Sqlite.exec(connection, "RELEASE unit");
    } catch (Exception | Error e) {
      // an Error (a decider's AssertionError, a plugin's LinkageError) is still one unit's failure:
      // letting it escape would kill the writer thread and leave every later caller waiting forever
      Sqlite.exec(connection, "ROLLBACK TO unit");
      Sqlite.exec(connection, "RELEASE unit");
      session.rollbackTo(mark);
      errors[i] = e;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Task<T> task, Object result, Throwable error) {
    if (error != null) {
      task.future().completeExceptionally(error);
    } else {
      task.future().complete((T) result);
    }
  }

  private void failBatch(List<Task<?>> batch, Exception cause) {
    LOG.error("event log transaction failed, {} unit(s) rejected: {}", batch.size(), cause.toString());
    try {
      Sqlite.exec(connection, "ROLLBACK");
    } catch (SQLException ignored) {
      // no transaction was open
    }
    try {
      session.reloadTail();
    } catch (SQLException e) {
      LOG.error("cannot re-read the log tail after a failed transaction: {}", e.toString());
    }
    EventStoreException failure = new EventStoreException("the event log could not commit: " + cause.getMessage(),
        cause);
    batch.forEach(t -> t.future().completeExceptionally(failure));
  }

  private void publish(List<RecordedEvent> committed) {
    if (committed.isEmpty()) {
      return;
    }
    for (Consumer<List<RecordedEvent>> l : listeners) {
      try {
        l.accept(committed);
      } catch (RuntimeException | Error e) {
        // the writer thread must outlive a broken listener, whatever it throws
        LOG.error("commit listener failed: {}", e.toString());
      }
    }
  }
}
