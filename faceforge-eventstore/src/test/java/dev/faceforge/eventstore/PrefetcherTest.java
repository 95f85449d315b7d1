package dev.faceforge.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PrefetcherTest {
  @Test
  void handsOverEveryItemOnceAndInOrderAcrossBatches() {
    List<Integer> seen = new ArrayList<>();
    try (Prefetcher<Integer> p = Prefetcher.start("test-producer", sink -> {
      for (int i = 0; i < 10_000; i++) {
        sink.accept(i);
      }
    })) {
      for (List<Integer> batch = p.take(); !batch.isEmpty(); batch = p.take()) {
        seen.addAll(batch);
      }
      assertThat(p.take()).isEmpty();
    }
    assertThat(seen).hasSize(10_000).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aProducerFailureReachesTheCallerAfterWhatCameBeforeIt() {
    List<Integer> seen = new ArrayList<>();
    try (Prefetcher<Integer> p = Prefetcher.start("test-producer", sink -> {
      for (int i = 0; i < 1_000; i++) {
        sink.accept(i);
      }
      throw new IllegalStateException("line 1001 is not JSON");
    })) {
      assertThatThrownBy(() -> {
        for (List<Integer> batch = p.take(); !batch.isEmpty(); batch = p.take()) {
          seen.addAll(batch);
        }
      }).isInstanceOf(IllegalStateException.class).hasMessage("line 1001 is not JSON");
    }
    assertThat(seen).hasSize(1_000);
  }

  @Test
  void closingStopsAProducerThatWouldRunForever() {
    AtomicInteger produced = new AtomicInteger();
    Prefetcher<Integer> p = Prefetcher.start("test-endless", sink -> {
      while (true) {
        sink.accept(produced.incrementAndGet());
      }
    });
    assertThat(p.take()).isNotEmpty();

    p.close();

    int after = produced.get();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-endless"));
    assertThat(produced.get()).isEqualTo(after);
  }
}
