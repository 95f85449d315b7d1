package dev.faceforge.eventstore;

import static dev.faceforge.eventstore.ExpectedVersion.exactly;
import static dev.faceforge.eventstore.ExpectedVersion.noStream;
import static dev.faceforge.eventstore.Fixtures.await;
import static dev.faceforge.eventstore.Fixtures.event;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What the parts of {@link EventLogContract} share: the hooks an implementation supplies (how to open
 * it, how to damage its storage behind its back), the per-test log, and a few helpers.
 */
interface EventLogFixture {
  /** Opens (creating if needed) the implementation under test on {@code log}. */
  EventStore open(Path log, Durability durability, Projector projector, Clock clock);

  /** Opens it with its documented defaults. */
  EventStore openWithDefaults(Path log);

  EventReader reader(Path log);

  /** Overwrites one stored event's data without going through the log, as a bad disk or an attacker would. */
  void tamperWithData(Path log, long position, String data) throws Exception;

  /** Removes one stored event without going through the log. */
  void deleteEvent(Path log, long position) throws Exception;

  /** The durability the store's writer really runs with, read back from the storage engine. */
  Durability durabilityInEffect(EventStore store) throws Exception;

  /** A main class like {@link CrashAppender}: args {@code <log> <run tag> <threads>}, one ack line per append. */
  Class<?> crashAppender();

  /** This test's temporary directory. */
  Path dir();

  /** This test's log, in {@link #dir()}; not created until a store opens it. */
  Path log();

  /** Closes {@code store} after the test, whatever happens; returns it. */
  EventStore closeAfterTest(EventStore store);

  default EventStore store(Durability durability, Projector projector, Clock clock) {
    return closeAfterTest(open(log(), durability, projector, clock));
  }

  default EventStore store() {
    return store(Durability.FULL, Projector.NONE, Clock.systemUTC());
  }

  default List<RecordedEvent> all() {
    try (EventReader r = reader(log())) {
      return r.read(0, Integer.MAX_VALUE);
    }
  }

  default VerifyReport verify() {
    try (EventReader r = reader(log())) {
      return r.verify();
    }
  }

  /** Six events over four streams and types. Positions: e1 1, x1 2, e2 3, x2 4, e3 5, j1 6. */
  default EventStore seedMixedLog() {
    EventStore store = store();
    await(store.append("entity:1", noStream(), List.of(event("e1", "entity.created"))));
    await(store.append("asset:1", noStream(), List.of(event("x1", "asset.created"))));
    await(store.append("entity:1", exactly(1), List.of(event("e2", "entity.renamed"))));
    await(store.append("asset:1", exactly(1), List.of(event("x2", "asset.deleted"))));
    await(store.append("entity:2", noStream(), List.of(event("e3", "entity.created"))));
    await(store.append("job:1", noStream(), List.of(event("j1", "job.started"))));
    return store;
  }
}
