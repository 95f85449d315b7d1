package dev.faceforge.eventstore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every event log implementation passes, in four parts: {@link AppendContract} (positions,
 * versions, payloads, expected versions, idempotency), {@link WriterContract} (races, non-interleaving
 * batches, group commit with per-unit savepoints), {@link ReadContract} (reads, commit listeners) and
 * {@link IntegrityContract} (hash chain, durability, reopen, SIGKILL). An implementation extends this
 * class and supplies the hooks of {@link EventLogFixture}; every test gets a fresh log in a temp dir.
 */
@Timeout(60)
abstract class EventLogContract implements AppendContract, WriterContract, ReadContract, IntegrityContract {
  @TempDir
  Path dir;
  private Path log;
  private final List<EventStore> opened = new ArrayList<>();

  @BeforeEach
  void nameTheLog() {
    log = dir.resolve("events.db");
  }

  @AfterEach
  void closeStores() {
    opened.forEach(EventStore::close);
  }

  @Override
  public Path dir() {
    return dir;
  }

  @Override
  public Path log() {
    return log;
  }

  @Override
  public EventStore closeAfterTest(EventStore store) {
    opened.add(store);
    return store;
  }
}
