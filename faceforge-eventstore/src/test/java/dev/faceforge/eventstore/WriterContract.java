package dev.faceforge.eventstore;

import static dev.faceforge.eventstore.ExpectedVersion.exactly;
import static dev.faceforge.eventstore.ExpectedVersion.noStream;
import static dev.faceforge.eventstore.Fixtures.await;
import static dev.faceforge.eventstore.Fixtures.event;
import static dev.faceforge.eventstore.Fixtures.events;
import static dev.faceforge.eventstore.Fixtures.failure;
import static dev.faceforge.eventstore.Fixtures.ids;
import static dev.faceforge.eventstore.Fixtures.positions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link EventLogContract}: the single writer. Racing appends, batches that never interleave,
 * and group commit where each unit of work (and each append inside it) succeeds or fails on its own.
 */
@SuppressWarnings("try") // a WriterHold is used only for its close(), which releases the writer
interface WriterContract extends EventLogFixture {
  @Test
  default void concurrentAppendsAtOneExpectedVersionHaveExactlyOneWinner() throws Exception {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("seed")));
    int racers = 16;
    CountDownLatch ready = new CountDownLatch(racers);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<CompletableFuture<List<RecordedEvent>>>> submitted = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      String id = "racer-" + i;
      submitted.add(pool.submit(() -> {
        ready.countDown();
        start.await();
        return store.append("entity:a", exactly(1), events(id));
      }));
    }
    ready.await();
    start.countDown();

    List<String> winners = new ArrayList<>();
    List<WrongExpectedVersionException> losers = new ArrayList<>();
    for (Future<CompletableFuture<List<RecordedEvent>>> f : submitted) {
      CompletableFuture<List<RecordedEvent>> append = f.get();
      if (append.handle((ok, err) -> err == null).join()) {
        winners.add(await(append).get(0).eventId());
      } else {
        losers.add(failure(append, WrongExpectedVersionException.class));
      }
    }
    pool.shutdown();

    assertThat(winners).hasSize(1);
    assertThat(losers).hasSize(racers - 1)
        .allSatisfy(e -> assertThat(tuple(e.streamId(), e.expected(), e.actual()))
            .isEqualTo(tuple("entity:a", exactly(1), 2L)));
    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId, RecordedEvent::streamVersion)
        .containsExactly(tuple(1L, "seed", 1L), tuple(2L, winners.get(0), 2L));
  }

  @Test
  default void concurrentBatchesNeverInterleave() throws Exception {
    EventStore store = store();
    int writers = 8;
    int batches = 40;
    int size = 5;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      String stream = "entity:" + t;
      done.add(pool.submit(() -> {
        start.await();
        for (int b = 0; b < batches; b++) {
          List<NewEvent> batch = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            batch.add(event(stream + "/" + b + "/" + i));
          }
          await(store.append(stream, exactly((long) b * size), batch));
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    List<RecordedEvent> rows = all();
    assertThat(positions(rows)).isEqualTo(LongStream.rangeClosed(1, (long) writers * batches * size).boxed().toList());
    // every batch has the same size, so a log() without interleaving is a concatenation of whole batches
    for (int from = 0; from < rows.size(); from += size) {
      List<RecordedEvent> chunk = rows.subList(from, from + size);
      RecordedEvent first = chunk.get(0);
      assertThat(first.streamVersion() % size).as("batch start at position %d", first.position()).isEqualTo(1);
      for (int i = 0; i < size; i++) {
        assertThat(tuple(chunk.get(i).streamId(), chunk.get(i).streamVersion()))
            .isEqualTo(tuple(first.streamId(), first.streamVersion() + i));
      }
    }
    assertThat(verify().problems()).isEmpty();
  }

  // --- group commit and savepoints ---

  @Test
  default void aFailingUnitDoesNotFailTheUnitsBatchedWithItAndLeavesNoTrace() throws Exception {
    EventStore store = store();
    List<List<RecordedEvent>> commits = Collections.synchronizedList(new ArrayList<>());
    store.onCommit(commits::add);
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<List<RecordedEvent>> a;
    CompletableFuture<List<RecordedEvent>> b;
    CompletableFuture<List<RecordedEvent>> c;
    try (WriterHold hold = WriterHold.on(store)) {
      a = store.submit(s -> s.append("entity:a", noStream(), events("a1")));
      b = store.submit(s -> {
        s.append("entity:b", noStream(), events("b1", "b2"));
        throw boom;
      });
      c = store.submit(s -> s.append("entity:c", noStream(), events("c1")));
    }

    assertThat(positions(await(a))).containsExactly(1L);
    assertThat(failure(b, IllegalStateException.class)).isSameAs(boom);
    assertThat(positions(await(c))).containsExactly(2L);
    store.close();
    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId)
        .containsExactly(tuple(1L, "a1"), tuple(2L, "c1"));
    // one commit holding both survivors proves the three units shared one transaction
    assertThat(commits).hasSize(1);
    assertThat(ids(commits.get(0))).containsExactly("a1", "c1");
    assertThat(verify().problems()).isEmpty();
  }

  @Test
  default void aUnitThatAppendsToTwoStreamsCommitsBothOrNeither() {
    EventStore store = store();
    await(store.submit(s -> {
      s.append("entity:a", noStream(), events("a1"));
      return s.append("asset:b", noStream(), events("b1"));
    }));
    WrongExpectedVersionException e = failure(store.submit(s -> {
      s.append("entity:a", exactly(1), events("a2"));
      return s.append("asset:b", noStream(), events("b2"));
    }), WrongExpectedVersionException.class);

    assertThat(e.streamId()).isEqualTo("asset:b");
    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId)
        .containsExactly(tuple(1L, "a1"), tuple(2L, "b1"));
  }

  @Test
  default void aUnitThatThrowsAnErrorFailsAloneAndTheWriterCarriesOn() throws Exception {
    EventStore store = store();
    AssertionError bug = new AssertionError("decider bug");
    CompletableFuture<List<RecordedEvent>> a;
    CompletableFuture<Object> b;
    try (WriterHold hold = WriterHold.on(store)) {
      a = store.append("entity:a", noStream(), events("a1"));
      b = store.submit(s -> {
        s.append("entity:b", noStream(), events("b1"));
        throw bug;
      });
    }

    assertThat(failure(b, AssertionError.class)).isSameAs(bug);
    assertThat(positions(await(a))).containsExactly(1L);
    assertThat(positions(await(store.append("entity:c", noStream(), events("c1"))))).containsExactly(2L);
    assertThat(ids(all())).containsExactly("a1", "c1");
  }

  @Test
  default void aFailedAppendLeavesNothingBehindEvenWhenItsUnitCarriesOn() {
    EventStore store = store(Durability.FULL, new NamesProjector(), Clock.systemUTC());
    List<RecordedEvent> kept = await(store.submit(s -> {
      try {
        s.append("entity:a", noStream(), events("a1", "a1"));
      } catch (DuplicateEventException expected) {
        // a decider may recover from a refused append and decide something else
      }
      try {
        s.append("entity:b", noStream(), List.of(event("b1"), event("b2", "entity.refused")));
      } catch (SQLException expected) {
        // the same for an append whose projection failed half way through the batch
      }
      return s.append("entity:c", noStream(), events("c1"));
    }));

    assertThat(positions(kept)).containsExactly(1L);
    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId).containsExactly(tuple(1L, "c1"));
    List<String> projected = await(store.submit(s -> NamesProjector.names(s.connection())));
    assertThat(projected).containsExactly("c1");
    assertThat(verify().problems()).isEmpty();
  }

  @Test
  default void aProjectorFailureFailsOnlyTheUnitThatAppendedAndRollsBackItsProjection() throws Exception {
    EventStore store = store(Durability.FULL, new NamesProjector(), Clock.systemUTC());
    CompletableFuture<List<RecordedEvent>> a;
    CompletableFuture<List<RecordedEvent>> b;
    CompletableFuture<List<RecordedEvent>> c;
    try (WriterHold hold = WriterHold.on(store)) {
      a = store.append("entity:a", noStream(), events("a1"));
      b = store.append("entity:b", noStream(), List.of(event("b1"), event("b2", "entity.refused")));
      c = store.append("entity:c", noStream(), events("c1"));
    }

    // SQLException is Iterable<Throwable>, so assert on its message, not the exception
    assertThat(failure(b, SQLException.class).getMessage()).isEqualTo("projector refused b2");
    assertThat(positions(await(a))).containsExactly(1L);
    assertThat(positions(await(c))).containsExactly(2L);
    List<String> projected = await(store.submit(s -> NamesProjector.names(s.connection())));
    assertThat(projected).containsExactly("a1", "c1");
    assertThat(ids(all())).containsExactly("a1", "c1");
  }
}
