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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link EventLogContract}: appending. Global gapless positions, per-stream versions, time,
 * exact payloads, expected versions and idempotent retries.
 */
interface AppendContract extends EventLogFixture {
  @Test
  default void positionsAreGlobalOneBasedAndGaplessAcrossStreams() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));
    await(store.append("asset:b", noStream(), events("b1")));
    await(store.append("entity:a", exactly(2), events("a3")));

    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId)
        .containsExactly(tuple(1L, "a1"), tuple(2L, "a2"), tuple(3L, "b1"), tuple(4L, "a3"));
    assertThat(store.lastPosition()).isEqualTo(4);
  }

  @Test
  default void streamVersionsCountFromOnePerStream() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));
    await(store.append("asset:b", noStream(), events("b1")));
    await(store.append("entity:a", exactly(2), events("a3")));

    assertThat(all()).extracting(RecordedEvent::streamId, RecordedEvent::streamVersion)
        .containsExactly(tuple("entity:a", 1L), tuple("entity:a", 2L), tuple("asset:b", 1L), tuple("entity:a", 3L));
  }

  @Test
  default void appendReturnsExactlyTheRowsReadersSee() {
    EventStore store = store();
    List<RecordedEvent> a = await(store.append("entity:a", noStream(), events("a1", "a2")));
    List<RecordedEvent> b = await(store.append("asset:b", noStream(), events("b1")));

    List<RecordedEvent> expected = new ArrayList<>(a);
    expected.addAll(b);
    assertThat(all()).isEqualTo(expected);
  }

  @Test
  default void timeIsTruncatedToMillisAndNeverGoesBackwards() {
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
  default void aRolledBackUnitDoesNotMoveTimeForward() {
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
  default void dataAndMetadataRoundTripExactly() throws Exception {
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
  default void appendWithNoStreamToAnExistingStreamIsRejected() {
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
  default void appendWithStaleVersionIsRejected() {
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
  default void appendWithAnExactVersionToAMissingStreamIsRejected() {
    EventStore store = store();

    WrongExpectedVersionException e =
        failure(store.append("entity:a", exactly(1), events("a1")), WrongExpectedVersionException.class);
    assertThat(e.actual()).isEqualTo(0);
    assertThat(all()).isEmpty();
  }

  @Test
  default void appendWithAnyVersionIsAcceptedWhateverTheStreamVersion() {
    EventStore store = store();
    await(store.append("entity:a", any(), events("a1")));
    await(store.append("entity:a", any(), events("a2", "a3")));

    assertThat(all()).extracting(RecordedEvent::eventId, RecordedEvent::streamVersion)
        .containsExactly(tuple("a1", 1L), tuple("a2", 2L), tuple("a3", 3L));
  }

  // --- idempotency ---

  @Test
  default void retryingTheSameBatchReturnsTheOriginalEventsAndAppendsNothing() {
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
  default void reusingAnEventIdOnAnotherStreamIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("x")));

    failure(store.append("entity:b", noStream(), events("x")), DuplicateEventException.class);
    assertThat(all()).extracting(RecordedEvent::streamId, RecordedEvent::eventId)
        .containsExactly(tuple("entity:a", "x"));
  }

  @Test
  default void reusingAnEventIdWithAnotherTypeIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), List.of(event("x", "entity.created"))));

    failure(store.append("entity:a", any(), List.of(event("x", "entity.renamed"))), DuplicateEventException.class);
    assertThat(all()).extracting(RecordedEvent::type).containsExactly("entity.created");
  }

  @Test
  default void aBatchThatOnlyPartlyRepeatsAnEarlierOneIsRejected() {
    EventStore store = store();
    await(store.append("entity:a", noStream(), events("a1", "a2")));

    failure(store.append("entity:a", any(), events("a2", "a3")), DuplicateEventException.class);
    assertThat(ids(all())).containsExactly("a1", "a2");
    assertThat(store.lastPosition()).isEqualTo(2);
  }

  @Test
  default void anEventIdRepeatedWithinOneBatchIsRejectedWithoutLeavingAGap() {
    EventStore store = store();

    failure(store.append("entity:a", noStream(), events("a1", "a1")), DuplicateEventException.class);
    await(store.append("entity:b", noStream(), events("b1")));
    assertThat(all()).extracting(RecordedEvent::position, RecordedEvent::eventId).containsExactly(tuple(1L, "b1"));
    assertThat(verify().problems()).isEmpty();
  }
}
