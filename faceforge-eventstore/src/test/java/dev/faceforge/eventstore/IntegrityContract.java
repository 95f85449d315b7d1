package dev.faceforge.eventstore;

import static dev.faceforge.eventstore.ExpectedVersion.exactly;
import static dev.faceforge.eventstore.ExpectedVersion.noStream;
import static dev.faceforge.eventstore.Fixtures.await;
import static dev.faceforge.eventstore.Fixtures.events;
import static dev.faceforge.eventstore.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Part of {@link EventLogContract}: what keeps the log trustworthy. The hash chain, the durability
 * setting, reopening, and acknowledged appends surviving SIGKILL of the writing process.
 */
interface IntegrityContract extends EventLogFixture {
  @Test
  default void verifyAcceptsAHealthyLog() {
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
  default void verifyAcceptsAnEmptyLog() {
    store();
    assertThat(verify()).isEqualTo(new VerifyReport(0, 0, HashChain.GENESIS, List.of()));
  }

  @Test
  default void verifyReportsTheExactPositionOfTamperedData() throws Exception {
    seedMixedLog().close();
    tamperWithData(log(), 3, "{\"id\":\"forged\"}");

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).containsExactly("hash mismatch at position 3 (event e2)");
    assertThat(report.eventsChecked()).isEqualTo(6);
  }

  @Test
  default void verifyReportsADeletedEventAsAGap() throws Exception {
    seedMixedLog().close();
    deleteEvent(log(), 3);

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .containsExactly("gap: expected position 3, found 4", "hash mismatch at position 4 (event x2)");
  }

  // --- durability, lifecycle ---

  @ParameterizedTest
  @EnumSource(Durability.class)
  default void theRequestedDurabilityIsApplied(Durability durability) throws Exception {
    EventStore store = store(durability, Projector.NONE, Clock.systemUTC());
    assertThat(durabilityInEffect(store)).isEqualTo(durability);
  }

  @Test
  default void theDefaultDurabilityIsFull() throws Exception {
    EventStore store = closeAfterTest(openWithDefaults(log()));
    assertThat(durabilityInEffect(store)).isEqualTo(Durability.FULL);
  }

  @Test
  default void aReopenedLogContinuesAtTheNextPositionWithAValidChain() {
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
  default void aClosedStoreRefusesNewWork() {
    EventStore store = store();
    store.close();

    assertThat(failure(store.append("entity:a", noStream(), events("a1")), EventStoreException.class))
        .hasMessage("the event store is closed");
  }

  // --- crash ---

  @Test
  @Timeout(120)
  default void acknowledgedAppendsSurviveRepeatedKills() throws Exception {
    int[] killAfter = {1000, 5000, 20000};
    Set<String> acked = new HashSet<>();
    for (int run = 0; run < killAfter.length; run++) {
      CrashRun.Result r = CrashRun.killAfter(crashAppender(), log(), "r" + run, 8, killAfter[run],
          dir().resolve("child-" + run + ".err"));
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
    try (EventReader r = reader(log())) {
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
