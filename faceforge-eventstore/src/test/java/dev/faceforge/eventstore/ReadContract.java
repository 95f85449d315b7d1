package dev.faceforge.eventstore;

import static dev.faceforge.eventstore.ExpectedVersion.exactly;
import static dev.faceforge.eventstore.ExpectedVersion.noStream;
import static dev.faceforge.eventstore.Fixtures.await;
import static dev.faceforge.eventstore.Fixtures.events;
import static dev.faceforge.eventstore.Fixtures.failure;
import static dev.faceforge.eventstore.Fixtures.ids;
import static dev.faceforge.eventstore.Fixtures.positions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link EventLogContract}: reading the log (position ranges, streams, type prefixes) and the
 * commit listeners that see each committed transaction.
 */
@SuppressWarnings("try") // a WriterHold is used only for its close(), which releases the writer
interface ReadContract extends EventLogFixture {
  @Test
  default void readReturnsEventsAfterAPositionUpToALimit() {
    seedMixedLog();
    try (EventReader r = reader(log())) {
      assertThat(positions(r.read(2, 3))).containsExactly(3L, 4L, 5L);
      assertThat(positions(r.read(0, 2))).containsExactly(1L, 2L);
      assertThat(positions(r.read(5, 10))).containsExactly(6L);
      assertThat(r.read(6, 10)).isEmpty();
    }
  }

  @Test
  default void readFiltersByTypePrefix() {
    seedMixedLog();
    try (EventReader r = reader(log())) {
      assertThat(ids(r.read(0, 100, List.of("entity.")))).containsExactly("e1", "e2", "e3");
      assertThat(ids(r.read(0, 100, List.of("asset.")))).containsExactly("x1", "x2");
      assertThat(ids(r.read(0, 100, List.of("asset.", "job.")))).containsExactly("x1", "x2", "j1");
      assertThat(ids(r.read(1, 2, List.of("entity.")))).containsExactly("e2", "e3");
      assertThat(r.read(0, 100, List.of("plugin."))).isEmpty();
    }
  }

  @Test
  default void readStreamReturnsOneStreamInVersionOrder() {
    seedMixedLog();
    try (EventReader r = reader(log())) {
      assertThat(r.readStream("entity:1", 0, 10)).extracting(RecordedEvent::eventId, RecordedEvent::streamVersion)
          .containsExactly(tuple("e1", 1L), tuple("e2", 2L));
      assertThat(ids(r.readStream("entity:1", 1, 10))).containsExactly("e2");
      assertThat(ids(r.readStream("entity:1", 0, 1))).containsExactly("e1");
      assertThat(r.readStream("entity:404", 0, 10)).isEmpty();
    }
  }

  @Test
  default void forEachVisitsTheHalfOpenPositionRangeInOrder() {
    seedMixedLog();
    List<Long> seen = new ArrayList<>();
    try (EventReader r = reader(log())) {
      assertThat(r.forEach(1, 4, e -> seen.add(e.position()))).isEqualTo(3);
    }
    assertThat(seen).containsExactly(2L, 3L, 4L);
  }

  @Test
  default void lastPositionIsZeroForAnEmptyLogAndFollowsAppends() {
    EventStore store = store();
    try (EventReader r = reader(log())) {
      assertThat(store.lastPosition()).isZero();
      assertThat(r.lastPosition()).isZero();
    }
    store.close();
    EventStore seeded = seedMixedLog();
    try (EventReader r = reader(log())) {
      assertThat(seeded.lastPosition()).isEqualTo(6);
      assertThat(r.lastPosition()).isEqualTo(6);
    }
  }

  // --- commit listeners ---

  @Test
  default void commitListenersReceiveEachCommitsEventsInPositionOrder() throws Exception {
    EventStore store = store();
    List<List<RecordedEvent>> commits = Collections.synchronizedList(new ArrayList<>());
    store.onCommit(commits::add);
    List<CompletableFuture<List<RecordedEvent>>> grouped = new ArrayList<>();
    try (WriterHold hold = WriterHold.on(store)) {
      grouped.add(store.append("entity:a", noStream(), events("a1", "a2")));
      grouped.add(store.append("entity:b", noStream(), events("b1")));
      grouped.add(store.append("entity:a", exactly(2), events("a3")));
    }
    grouped.forEach(Fixtures::await); // else c1 could join their transaction
    await(store.append("entity:c", noStream(), events("c1")));
    store.close(); // joins the writer: every listener call has happened

    assertThat(commits).hasSize(2);
    assertThat(commits.get(0)).extracting(RecordedEvent::position, RecordedEvent::eventId)
        .containsExactly(tuple(1L, "a1"), tuple(2L, "a2"), tuple(3L, "b1"), tuple(4L, "a3"));
    assertThat(commits.get(1)).extracting(RecordedEvent::position, RecordedEvent::eventId)
        .containsExactly(tuple(5L, "c1"));
    assertThat(commits.stream().flatMap(List::stream).toList()).isEqualTo(all());
  }

  @Test
  default void commitListenersNeverSeeARolledBackUnit() {
    EventStore store = store();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    store.onCommit(events -> events.forEach(e -> seen.add(e.eventId())));
    await(store.append("entity:a", noStream(), events("a1")));
    failure(store.submit(s -> {
      s.append("entity:b", noStream(), events("b1"));
      throw new IllegalStateException("rejected");
    }), IllegalStateException.class);
    failure(store.append("entity:a", noStream(), events("a2")), WrongExpectedVersionException.class);
    await(store.append("entity:a", exactly(1), events("a3")));
    store.close();

    assertThat(seen).containsExactly("a1", "a3");
  }

  @Test
  default void aFailingListenerDoesNotStopTheOthersOrTheWriter() {
    EventStore store = store();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    store.onCommit(events -> {
      throw new IllegalStateException("listener bug");
    });
    store.onCommit(events -> {
      throw new AssertionError("listener bug");
    });
    store.onCommit(events -> events.forEach(e -> seen.add(e.eventId())));
    await(store.append("entity:a", noStream(), events("a1")));
    await(store.append("entity:a", exactly(1), events("a2")));
    store.close();

    assertThat(seen).containsExactly("a1", "a2");
  }
}
