package dev.faceforge.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void idsAreVersionSevenUuidsCarryingTheirMillisecond() {
    long millis = 1_764_000_000_123L;
    UUID id = UUID.fromString(EventIds.next(millis, new SecureRandom()));

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2); // RFC 9562
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
  }

  @Test
  void laterMillisecondsSortAfterEarlierOnesAsText() {
    SecureRandom random = new SecureRandom();
    List<String> ids = new ArrayList<>();
    for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 5_000; ms += 7) {
      ids.add(EventIds.next(ms, random));
    }

    assertThat(ids).isSorted();
  }

  @Test
  void manyIdsInOneMillisecondAreAllDifferent() {
    SecureRandom random = new SecureRandom();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(EventIds.next(1_700_000_000_000L, random));
    }

    assertThat(ids).hasSize(100_000);
    assertThat(ids).allMatch(s -> s.matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
  }

  @Test
  void newEventsGetSuchIds() {
    NewEvent e = NewEvent.of("entity.created", "{}", Fixtures.META);

    assertThat(UUID.fromString(e.eventId()).version()).isEqualTo(7);
  }
}
