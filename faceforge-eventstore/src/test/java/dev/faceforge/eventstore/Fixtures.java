package dev.faceforge.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small builders and future helpers shared by the event log tests. */
final class Fixtures {
  static final EventMetadata META = new EventMetadata("user", "corr-1", "cause-1");

  private Fixtures() {
  }

  /** An event whose data names its own id, so every row is distinct. */
  static NewEvent event(String id, String type) {
    return new NewEvent(id, type, "{\"id\":\"" + id + "\"}", META);
  }

  static NewEvent event(String id) {
    return event(id, "entity.created");
  }

  static List<NewEvent> events(String... ids) {
    return Arrays.stream(ids).map(Fixtures::event).toList();
  }

  /** The future's value, failing the test if it fails or takes more than 10 s. */
  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, failed with " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete", e);
    }
  }

  /** The exception the future failed with, which must be a {@code type}. */
  static <X extends Throwable> X failure(CompletableFuture<?> f, Class<X> type) {
    Object value;
    try {
      value = f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(type);
      return type.cast(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete", e);
    }
    throw new AssertionError("expected " + type.getSimpleName() + ", succeeded with " + value);
  }

  static List<String> ids(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::eventId).toList();
  }

  static List<Long> positions(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::position).toList();
  }
}
