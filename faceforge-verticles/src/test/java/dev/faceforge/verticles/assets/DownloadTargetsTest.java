package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.eventstore.RecordedEvent;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The download cache: what it keeps, and that no committed change of an asset is ever answered stale. */
class DownloadTargetsTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  /** The read model as the cache's loader sees it, counting reads; {@link #hold} makes the next read wait. */
  final Map<String, DownloadTarget> model = new HashMap<>();
  final List<String> reads = new ArrayList<>();
  final Deque<Promise<DownloadTarget>> held = new ArrayDeque<>();
  boolean hold;
  long position;
  final DownloadTargets targets = new DownloadTargets(this::load, () -> position);

  Future<DownloadTarget> load(String id) {
    reads.add(id);
    if (hold) {
      Promise<DownloadTarget> p = Promise.promise();
      held.add(p);
      return p.future();
    }
    return Future.succeededFuture(model.get(id));
  }

  static DownloadTarget target(String id, String filename) {
    return new DownloadTarget(id, StoredBlob.fs(id), 10, "application/octet-stream", "\"" + id + "\"",
        ContentDisposition.attachment(filename), null);
  }

  /** Commits one event of {@code streamId}: the position moves first, then the listener is told. */
  void commit(String streamId) {
    position++;
    targets.committed(List.of(event(streamId)));
  }

  RecordedEvent event(String streamId) {
    return new RecordedEvent(position, "e" + position, streamId, 1, "asset.updated", Instant.EPOCH, "{}", "{}", "h");
  }

  DownloadTarget get(String id) {
    return targets.get(id).result();
  }

  @Test
  void aTargetIsReadOnceThenServedFromTheCache() {
    model.put(A, target(A, "a.bin"));

    assertThat(get(A)).isEqualTo(target(A, "a.bin"));
    assertThat(get(A)).isEqualTo(target(A, "a.bin"));
    assertThat(reads).containsExactly(A);
  }

  @Test
  void anEventOfTheAssetDropsItsEntry() {
    model.put(A, target(A, "a.bin"));
    get(A);

    model.put(A, target(A, "renamed.bin"));
    commit("asset:" + A);

    assertThat(get(A)).isEqualTo(target(A, "renamed.bin"));
    assertThat(reads).containsExactly(A, A);
  }

  @Test
  void aDeletedAssetIsNotFoundAtOnceAndNotCachedAsMissing() {
    model.put(A, target(A, "a.bin"));
    get(A);

    model.remove(A);
    commit("asset:" + A);
    assertThat(get(A)).isNull();

    model.put(A, target(A, "back.bin"));
    commit("asset:" + A);
    assertThat(get(A)).isEqualTo(target(A, "back.bin"));
  }

  @Test
  void eventsOfOtherStreamsKeepTheEntry() {
    assertThat(DownloadTargets.stripe(B)).as("another stripe").isNotEqualTo(DownloadTargets.stripe(A));
    model.put(A, target(A, "a.bin"));
    get(A);

    commit("asset:" + B);
    commit("entity:" + A);

    assertThat(get(A)).isEqualTo(target(A, "a.bin"));
    assertThat(reads).containsExactly(A);
  }

  @Test
  void aCommitTheListenerWasNotYetToldOfBypassesTheCache() {
    model.put(A, target(A, "a.bin"));
    get(A);

    // the writer has committed (and may have answered the DELETE) but not yet called its listeners
    model.remove(A);
    position++;
    assertThat(get(A)).isNull();

    targets.committed(List.of(event("asset:" + A)));
    assertThat(get(A)).isNull();
    assertThat(reads).containsExactly(A, A, A);
  }

  @Test
  void aReadThatRacedWithAChangeAnswersButIsNotKept() {
    model.put(A, target(A, "old.bin"));
    hold = true;
    Future<DownloadTarget> racing = targets.get(A);

    model.put(A, target(A, "new.bin"));
    commit("asset:" + A);
    held.remove().complete(target(A, "old.bin")); // the read's snapshot predates the change

    assertThat(racing.result()).isEqualTo(target(A, "old.bin"));
    assertThat(targets.size()).isZero();
    hold = false;
    assertThat(get(A)).isEqualTo(target(A, "new.bin"));
  }

  @Test
  void aChangeOfAnotherAssetOfTheSameStripeOnlyCostsARead() {
    String sibling = sameStripeAs(A);
    model.put(A, target(A, "a.bin"));
    get(A);

    commit("asset:" + sibling);

    assertThat(get(A)).isEqualTo(target(A, "a.bin"));
    assertThat(get(A)).isEqualTo(target(A, "a.bin"));
    assertThat(reads).containsExactly(A, A);
  }

  /** Another 64-hex id whose changes are counted with {@code id}'s. */
  static String sameStripeAs(String id) {
    for (int i = 0; ; i++) {
      String other = String.format("%064x", i);
      if (!other.equals(id) && DownloadTargets.stripe(other) == DownloadTargets.stripe(id)) {
        return other;
      }
    }
  }

  @Test
  void theCacheHoldsAtMostItsBound() {
    for (int i = 0; i < DownloadTargets.MAX_ENTRIES + 50; i++) {
      String id = String.format("%064x", i);
      model.put(id, target(id, i + ".bin"));
      assertThat(get(id)).isEqualTo(target(id, i + ".bin"));
    }

    assertThat(targets.size()).isEqualTo(DownloadTargets.MAX_ENTRIES);
    String last = String.format("%064x", DownloadTargets.MAX_ENTRIES + 49);
    reads.clear();
    assertThat(get(last)).isEqualTo(target(last, (DownloadTargets.MAX_ENTRIES + 49) + ".bin"));
    assertThat(reads).isEmpty();
  }
}
