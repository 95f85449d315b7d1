package dev.faceforge.eventstore;

import static dev.faceforge.eventstore.ExpectedVersion.any;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every event log implementation passes: global gapless positions, per-stream versions,
 * optimistic concurrency, idempotent appends, group commit with per-unit savepoints, reads, the hash
 * chain, commit listeners, durability, reopen, and acknowledged appends surviving SIGKILL.
 * An implementation supplies how to open it and how to damage its storage behind its back.
 */
@Timeout(60)
abstract class EventLogContract {
  @TempDir
  Path dir;
  protected Path log;
  private final List<EventStore> opened = new ArrayList<>();

  /** Opens (creating if needed) the implementation under test on {@code log}. */
  protected abstract EventStore open(Path log, Durability durability, Projector projector, Clock clock);

  /** Opens it with its documented defaults. */
  protected abstract EventStore openWithDefaults(Path log);

  protected abstract EventReader reader(Path log);

  /** Overwrites one stored event's data without going through the log, as a bad disk or an attacker would. */
  protected abstract void tamperWithData(Path log, long position, String data) throws Exception;

  /** Removes one stored event without going through the log. */
  protected abstract void deleteEvent(Path log, long position) throws Exception;

  /** The durability the store's writer really runs with, read back from the storage engine. */
  protected abstract Durability durabilityInEffect(EventStore store) throws Exception;

  /** A main class like {@link CrashAppender}: args {@code <log> <run tag> <threads>}, one ack line per append. */
  protected abstract Class<?> crashAppender();

  @BeforeEach
  void nameTheLog() {
    log = dir.resolve("events.db");
  }

  @AfterEach
  void closeStores() {
    opened.forEach(EventStore::close);
  }

  protected final EventStore store(Durability durability, Projector projector, Clock clock) {
    EventStore s = open(log, durability, projector, clock);
    opened.add(s);
    return s;
  }

  protected final EventStore store() {
    return store(Durability.FULL, Projector.NONE, Clock.systemUTC());
  }

  private List<RecordedEvent> all() {
    try (EventReader r = reader(log)) {
      return r.read(0, Integer.MAX_VALUE);
    }
  }

  private VerifyReport verify() {
    try (EventReader r = reader(log)) {
      return r.verify();
    }
  }

  // --- positions, versions, time, payload ---

  @Test
  void positionsAreGlobalOneBasedAndGaplessAcrossStreams() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));
    await(store.append("asset:b", noStream(), events("b1")));
    await(store.append("entity:a", exactly(2), events("a3")));

    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId)
        .containsExactly(tuple(1L, "a1"), tuple(2L, "a2"), tuple(3L, "b1"), tuple(4L, "a3"));
    assertThat(store.lastPosition()).isEqualTo(4);
  }

  @Test
  void streamVersionsCountFromOnePerStream() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));
    await(store.append("asset:b", noStream(), events("b1")));
    await(store.append("entity:a", exactly(2), events("a3")));

    assertThat(all()).extracting(RecordedEvent::streamId, RecordedEvent::streamVersion)
        .containsExactly(tuple("entity:a", 1L), tuple("entity:a", 2L), tuple("asset:b", 1L), tuple("entity:a", 3L));
  }

  @Test
  void appendReturnsExactlyTheRowsReadersSee() {
    EventStore store = store();
    List<RecordedEvent> a = await(store.append("entity:a", noStream(), events("a1", "a2")));
    List<RecordedEvent> b = await(store.append("asset:b", noStream(), events("b1")));

    List<RecordedEvent> expected = new ArrayList<>(a);
    expected.addAll(b);
    assertThat(all()).isEqualTo(expected);
  }

  @Test
  void timeIsTruncatedToMillisAndNeverGoesBackwards() {
    Instant t0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
    TestClock clock = new TestClock(t0);
    EventStore store = store(Durability.FULL, Projector.NONE, clock);
    await(store.append("entity:a", noStream(), events("a1")));
    clock.set(t0.minusSeconds(5));
    await(store.append("entity:a", exactly(1), events("a2")));
    clock.set(t0.plusSeconds(1));
    await(store.append("entity:a", exactly(2), events("a3")));

    assertThat(all()).extracting(RecordedEvent::time).containsExactly(
        Instant.parse("2026-03-01T10:00:00.123Z"),
        Instant.parse("2026-03-01T10:00:00.123Z"),
        Instant.parse("2026-03-01T10:00:01.123Z"));
  }

  @Test
  void aRolledBackUnitDoesNotMoveTimeForward() {
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    TestClock clock = new TestClock(t0.plusSeconds(60));
    EventStore store = store(Durability.FULL, Projector.NONE, clock);
    failure(store.submit(s -> {
      s.append("entity:a", noStream(), events("doomed"));
      throw new IllegalStateException("rejected");
    }), IllegalStateException.class);
    clock.set(t0);
    await(store.append("entity:a", noStream(), events("a1")));

    assertThat(all()).extracting(RecordedEvent::time).containsExactly(t0);
  }

  @Test
  void dataAndMetadataRoundTripExactly() throws Exception {
    String data = "{\"name\":\"Zoë 🙂 \\\"quoted\\\"\",\"tags\":[\"a\",\"b\"],  \"n\" : 1.50,"
        + "\"nested\":{\"nil\":null,\"text\":\"line1\\nline2\"}}";
    EventMetadata metadata = new EventMetadata("plugin:ffstash", "corr-42", "cmd-7");
    EventStore store = store();
    RecordedEvent appended = await(store.append("entity:a", noStream(),
        List.of(new NewEvent("e1", "entity.created", data, metadata)))).get(0);

    RecordedEvent read = all().get(0);
    assertThat(read).isEqualTo(appended);
    assertThat(read.data()).isEqualTo(data);
    assertThat(read.type()).isEqualTo("entity.created");
    JsonNode m = new ObjectMapper().readTree(read.metadata());
    assertThat(m.get("actor").asText()).isEqualTo("plugin:ffstash");
    assertThat(m.get("correlation_id").asText()).isEqualTo("corr-42");
    assertThat(m.get("causation_id").asText()).isEqualTo("cmd-7");
    assertThat(m.size()).isEqualTo(3);
  }

  // --- expected version ---

  @Test
  void appendWithNoStreamToAnExistingStreamIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));

    WrongExpectedVersionException e =
        failure(store.append("entity:a", noStream(), events("a3")), WrongExpectedVersionException.class);
    assertThat(e.streamId()).isEqualTo("entity:a");
    assertThat(e.actual()).isEqualTo(2);
    assertThat(e.expected()).isEqualTo(noStream());
    assertThat(ids(all())).containsExactly("a1", "a2");
  }

  @Test
  void appendWithStaleVersionIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));
    await(store.append("entity:a", exactly(2), events("a3")));

    WrongExpectedVersionException e =
        failure(store.append("entity:a", exactly(2), events("a4")), WrongExpectedVersionException.class);
    assertThat(e.streamId()).isEqualTo("entity:a");
    assertThat(e.actual()).isEqualTo(3);
    assertThat(e.expected()).isEqualTo(exactly(2));
    assertThat(store.lastPosition()).isEqualTo(3);
    assertThat(ids(all())).containsExactly("a1", "a2", "a3");
  }

  @Test
  void appendWithAnExactVersionToAMissingStreamIsRejected() {
    EventStore store = store();

    WrongExpectedVersionException e =
        failure(store.append("entity:a", exactly(1), events("a1")), WrongExpectedVersionException.class);
    assertThat(e.actual()).isEqualTo(0);
    assertThat(all()).isEmpty();
  }

  @Test
  void appendWithAnyVersionIsAcceptedWhateverTheStreamVersion() {
    EventStore store = store();
    await(store.append("entity:a", any(), events("a1")));
    await(store.append("entity:a", any(), events("a2", "a3")));

    assertThat(all()).extracting(RecordedEvent::eventId, RecordedEvent::streamVersion)
        .containsExactly(tuple("a1", 1L), tuple("a2", 2L), tuple("a3", 3L));
  }

  // --- idempotency ---

  @Test
  void retryingTheSameBatchReturnsTheOriginalEventsAndAppendsNothing() {
    EventStore store = store();
    List<RecordedEvent> first = await(store.append("entity:a", noStream(), events("a1", "a2")));
    await(store.append("asset:b", noStream(), events("b1")));

    // the retry carries the original expected version, which is stale by now: still a no-op, not a conflict
    List<RecordedEvent> retry = await(store.append("entity:a", noStream(), events("a1", "a2")));
    assertThat(retry).isEqualTo(first);
    assertThat(positions(retry)).containsExactly(1L, 2L);
    assertThat(store.lastPosition()).isEqualTo(3);
    assertThat(ids(all())).containsExactly("a1", "a2", "b1");
  }

  @Test
  void reusingAnEventIdOnAnotherStreamIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("x")));

    failure(store.append("entity:b", noStream(), events("x")), DuplicateEventException.class);
    assertThat(all()).extracting(RecordedEvent::streamId, RecordedEvent::eventId).containsExactly(tuple("entity:a", "x"));
  }

  @Test
  void reusingAnEventIdWithAnotherTypeIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), List.of(event("x", "entity.created"))));

    failure(store.append("entity:a", any(), List.of(event("x", "entity.renamed"))), DuplicateEventException.class);
    assertThat(all()).extracting(RecordedEvent::type).containsExactly("entity.created");
  }

  @Test
  void aBatchThatOnlyPartlyRepeatsAnEarlierOneIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));

    failure(store.append("entity:a", any(), events("a2", "a3")), DuplicateEventException.class);
    assertThat(ids(all())).containsExactly("a1", "a2");
    assertThat(store.lastPosition()).isEqualTo(2);
  }

  @Test
  void anEventIdRepeatedWithinOneBatchIsRejectedWithoutLeavingAGap() {
    EventStore store = store();

    failure(store.append("entity:a", noStream(), events("a1", "a1")), DuplicateEventException.class);
    await(store.append("entity:b", noStream(), events("b1")));
    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId).containsExactly(tuple(1L, "b1"));
    assertThat(verify().problems()).isEmpty();
  }

  // --- concurrency ---

  @Test
  void concurrentAppendsAtOneExpectedVersionHaveExactlyOneWinner() throws Exception {
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
  void concurrentBatchesNeverInterleave() throws Exception {
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
    // every batch has the same size, so a log without interleaving is a concatenation of whole batches
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
  void aFailingUnitDoesNotFailTheUnitsBatchedWithItAndLeavesNoTrace() throws Exception {
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
  void aUnitThatAppendsToTwoStreamsCommitsBothOrNeither() {
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
  void aProjectorFailureFailsOnlyTheUnitThatAppendedAndRollsBackItsProjection() throws Exception {
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

  /** Keeps one row per event id; refuses {@code entity.refused}. */
  private static final class NamesProjector implements Projector {
    @Override
    public void createSchema(Connection c) throws SQLException {
      Sqlite.exec(c, "CREATE TABLE IF NOT EXISTS names (event_id TEXT PRIMARY KEY)");
    }

    @Override
    public void dropSchema(Connection c) throws SQLException {
      Sqlite.exec(c, "DROP TABLE IF EXISTS names");
    }

    @Override
    public void apply(Connection c, RecordedEvent e) throws SQLException {
      if (e.type().equals("entity.refused")) {
        throw new SQLException("projector refused " + e.eventId());
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO names VALUES (?)")) {
        ps.setString(1, e.eventId());
        ps.executeUpdate();
      }
    }

    static List<String> names(Connection c) throws SQLException {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM names ORDER BY event_id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  // --- reads ---

  /** Positions: e1 1, x1 2, e2 3, x2 4, e3 5, j1 6. */
  private EventStore seedMixedLog() {
    EventStore store = store();
    await(store.append("entity:1", noStream(), List.of(event("e1", "entity.created"))));
    await(store.append("asset:1", noStream(), List.of(event("x1", "asset.created"))));
    await(store.append("entity:1", exactly(1), List.of(event("e2", "entity.renamed"))));
    await(store.append("asset:1", exactly(1), List.of(event("x2", "asset.deleted"))));
    await(store.append("entity:2", noStream(), List.of(event("e3", "entity.created"))));
    await(store.append("job:1", noStream(), List.of(event("j1", "job.started"))));
    return store;
  }

  @Test
  void readReturnsEventsAfterAPositionUpToALimit() {
    seedMixedLog();
    try (EventReader r = reader(log)) {
      assertThat(positions(r.read(2, 3))).containsExactly(3L, 4L, 5L);
      assertThat(positions(r.read(0, 2))).containsExactly(1L, 2L);
      assertThat(positions(r.read(5, 10))).containsExactly(6L);
      assertThat(r.read(6, 10)).isEmpty();
    }
  }

  @Test
  void readFiltersByTypePrefix() {
    seedMixedLog();
    try (EventReader r = reader(log)) {
      assertThat(ids(r.read(0, 100, List.of("entity.")))).containsExactly("e1", "e2", "e3");
      assertThat(ids(r.read(0, 100, List.of("asset.")))).containsExactly("x1", "x2");
      assertThat(ids(r.read(0, 100, List.of("asset.", "job.")))).containsExactly("x1", "x2", "j1");
      assertThat(ids(r.read(1, 2, List.of("entity.")))).containsExactly("e2", "e3");
      assertThat(r.read(0, 100, List.of("plugin."))).isEmpty();
    }
  }

  @Test
  void readStreamReturnsOneStreamInVersionOrder() {
    seedMixedLog();
    try (EventReader r = reader(log)) {
      assertThat(r.readStream("entity:1", 0, 10)).extracting(RecordedEvent::eventId, RecordedEvent::streamVersion)
          .containsExactly(tuple("e1", 1L), tuple("e2", 2L));
      assertThat(ids(r.readStream("entity:1", 1, 10))).containsExactly("e2");
      assertThat(ids(r.readStream("entity:1", 0, 1))).containsExactly("e1");
      assertThat(r.readStream("entity:404", 0, 10)).isEmpty();
    }
  }

  @Test
  void forEachVisitsTheHalfOpenPositionRangeInOrder() {
    seedMixedLog();
    List<Long> seen = new ArrayList<>();
    try (EventReader r = reader(log)) {
      assertThat(r.forEach(1, 4, e -> seen.add(e.position()))).isEqualTo(3);
    }
    assertThat(seen).containsExactly(2L, 3L, 4L);
  }

  @Test
  void lastPositionIsZeroForAnEmptyLogAndFollowsAppends() {
    EventStore store = store();
    try (EventReader r = reader(log)) {
      assertThat(store.lastPosition()).isZero();
      assertThat(r.lastPosition()).isZero();
    }
    store.close();
    EventStore seeded = seedMixedLog();
    try (EventReader r = reader(log)) {
      assertThat(seeded.lastPosition()).isEqualTo(6);
      assertThat(r.lastPosition()).isEqualTo(6);
    }
  }

  // --- hash chain ---

  @Test
  void verifyAcceptsAHealthyLog() {
    seedMixedLog();
    List<RecordedEvent> rows = all();

    VerifyReport report = verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.eventsChecked()).isEqualTo(6);
    assertThat(report.lastPosition()).isEqualTo(6);
    assertThat(report.lastHash()).isEqualTo(rows.get(5).hash());
    assertThat(rows).extracting(RecordedEvent::hash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
  }

  @Test
  void verifyAcceptsAnEmptyLog() {
    store();
    assertThat(verify()).isEqualTo(new VerifyReport(0, 0, HashChain.GENESIS, List.of()));
  }

  @Test
  void verifyReportsTheExactPositionOfTamperedData() throws Exception {
    seedMixedLog().close();
    tamperWithData(log, 3, "{\"id\":\"forged\"}");

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).containsExactly("hash mismatch at position 3 (event e2)");
    assertThat(report.eventsChecked()).isEqualTo(6);
  }

  @Test
  void verifyReportsADeletedEventAsAGap() throws Exception {
    seedMixedLog().close();
    deleteEvent(log, 3);

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .containsExactly("gap: expected position 3, found 4", "hash mismatch at position 4 (event x2)");
  }

  // --- commit listeners ---

  @Test
  void commitListenersReceiveEachCommitsEventsInPositionOrder() throws Exception {
    EventStore store = store();
    List<List<RecordedEvent>> commits = Collections.synchronizedList(new ArrayList<>());
    store.onCommit(commits::add);
    try (WriterHold hold = WriterHold.on(store)) {
      store.append("entity:a", noStream(), events("a1", "a2"));
      store.append("entity:b", noStream(), events("b1"));
      store.append("entity:a", exactly(2), events("a3"));
    }
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
  void commitListenersNeverSeeARolledBackUnit() {
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
  void aFailingListenerDoesNotStopTheOthersOrTheWriter() {
    EventStore store = store();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    store.onCommit(events -> {
      throw new IllegalStateException("listener bug");
    });
    store.onCommit(events -> events.forEach(e -> seen.add(e.eventId())));
    await(store.append("entity:a", noStream(), events("a1")));
    await(store.append("entity:a", exactly(1), events("a2")));
    store.close();

    assertThat(seen).containsExactly("a1", "a2");
  }

  // --- durability, lifecycle ---

  @ParameterizedTest
  @EnumSource(Durability.class)
  void theRequestedDurabilityIsApplied(Durability durability) throws Exception {
    EventStore store = store(durability, Projector.NONE, Clock.systemUTC());
    assertThat(durabilityInEffect(store)).isEqualTo(durability);
  }

  @Test
  void theDefaultDurabilityIsFull() throws Exception {
    EventStore store = openWithDefaults(log);
    opened.add(store);
    assertThat(durabilityInEffect(store)).isEqualTo(Durability.FULL);
  }

  @Test
  void aReopenedLogContinuesAtTheNextPositionWithAValidChain() {
    EventStore first = store();
    List<RecordedEvent> a = await(first.append("entity:a", noStream(), events("a1", "a2")));
    await(first.append("asset:b", noStream(), events("b1")));
    first.close();

    EventStore second = store();
    assertThat(second.lastPosition()).isEqualTo(3);
    assertThat(await(second.append("entity:a", noStream(), events("a1", "a2")))).isEqualTo(a);
    RecordedEvent a3 = await(second.append("entity:a", exactly(2), events("a3"))).get(0);
    assertThat(tuple(a3.position(), a3.streamVersion())).isEqualTo(tuple(4L, 3L));
    second.close();

    VerifyReport report = verify();
    assertThat(report.problems()).isEmpty();
    assertThat(report.eventsChecked()).isEqualTo(4);
    assertThat(report.lastHash()).isEqualTo(a3.hash());
  }

  @Test
  void aClosedStoreRefusesNewWork() {
    EventStore store = store();
    store.close();

    assertThat(failure(store.append("entity:a", noStream(), events("a1")), EventStoreException.class))
        .hasMessage("the event store is closed");
  }

  // --- crash ---

  @Test
  @Timeout(120)
  void acknowledgedAppendsSurviveRepeatedKills() throws Exception {
    int[] killAfter = {1000, 5000, 20000};
    Set<String> acked = new HashSet<>();
    for (int run = 0; run < killAfter.length; run++) {
      CrashRun.Result r = CrashRun.killAfter(crashAppender(), log, "r" + run, 8, killAfter[run],
          dir.resolve("child-" + run + ".err"));
      assertThat(r.acks()).as("acks before the child stopped; its stderr:%n%s", r.stderr())
          .isGreaterThanOrEqualTo(killAfter[run]);
      assertThat(r.exitCode()).as("killed by SIGKILL").isEqualTo(137);
      acked.addAll(r.ackedIds());
      assertIntactAndContains(acked);
    }

    EventStore store = store();
    long last = store.lastPosition();
    RecordedEvent after = await(store.append("entity:after-crash", noStream(), events("after"))).get(0);
    assertThat(after.position()).isEqualTo(last + 1);
    store.close();
    assertThat(verify().problems()).isEmpty();
  }

  private void assertIntactAndContains(Set<String> acked) {
    Set<String> present = new HashSet<>();
    Map<String, Long> versions = new HashMap<>();
    List<String> versionGaps = new ArrayList<>();
    VerifyReport report;
    try (EventReader r = reader(log)) {
      report = r.verify();
      r.forEach(0, Long.MAX_VALUE, e -> {
        present.add(e.eventId());
        long expected = versions.merge(e.streamId(), 1L, Long::sum);
        if (e.streamVersion() != expected) {
          versionGaps.add(e.streamId() + " has version " + e.streamVersion() + " where " + expected + " was due");
        }
      });
    }
    assertThat(report.problems()).isEmpty();
    assertThat(report.lastPosition()).isEqualTo(report.eventsChecked());
    assertThat(versionGaps).isEmpty();
    Set<String> lost = new HashSet<>(acked);
    lost.removeAll(present);
    assertThat(lost).as("acknowledged but lost").isEmpty();
  }
}
