package dev.faceforge.verticles.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The bridge from the SDK's Reactive Streams body to a Vert.x ReadStream: demand flows back upstream. */
class PublisherReadStreamTest {
  Vertx vertx;
  ExecutorService sdkThread;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sdkThread = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() {
    sdkThread.shutdownNow();
    vertx.close().await();
  }

  @Test
  void aPausedReaderStopsTheUpstreamAfterOneBatch() throws Exception {
    Chunks upstream = new Chunks(100, null);
    PublisherReadStream stream = PublisherReadStream.subscribe(vertx, upstream);
    List<Integer> received = new CopyOnWriteArrayList<>();
    Promise<Void> ended = Promise.promise();

    stream.pause().endHandler(ended::complete).handler(b -> received.add((int) b.getByte(0)));
    Thread.sleep(200);
    assertThat(received).isEmpty();
    assertThat(upstream.requested.get()).isZero();

    stream.fetch(1);
    await(() -> received.size() == 1);
    Thread.sleep(200);
    assertThat(received).containsExactly(0);
    assertThat(upstream.requested.get()).isEqualTo(PublisherReadStream.BATCH);

    stream.resume();
    ended.future().await(10, TimeUnit.SECONDS);
    assertThat(received).hasSize(100);
    assertThat(received).isSorted();
  }

  @Test
  void anUpstreamFailureArrivesAfterTheChunksBeforeIt() throws Exception {
    Chunks upstream = new Chunks(3, new IllegalStateException("connection reset"));
    List<Integer> received = new CopyOnWriteArrayList<>();
    Promise<Throwable> failed = Promise.promise();

    PublisherReadStream.subscribe(vertx, upstream)
        .exceptionHandler(failed::complete).endHandler(v -> failed.fail("ended without the failure"))
        .handler(b -> received.add((int) b.getByte(0)));

    assertThat(failed.future().await(10, TimeUnit.SECONDS)).hasMessage("connection reset");
    assertThat(received).containsExactly(0, 1, 2);
  }

  @Test
  void removingTheHandlerCancelsTheUpstream() throws Exception {
    // paced (1 ms a chunk) so that removing the handler surely happens mid-stream, even on a loaded machine
    Chunks upstream = new Chunks(1_000, null, true);
    PublisherReadStream stream = PublisherReadStream.subscribe(vertx, upstream);
    List<Buffer> received = new CopyOnWriteArrayList<>();

    stream.handler(received::add);
    await(() -> !received.isEmpty());
    stream.handler(null);

    await(() -> upstream.cancelled);
    int count = received.size();
    Thread.sleep(100);
    assertThat(received).hasSize(count);
    assertThat(count).isLessThan(1_000);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 5 s").isTrue();
  }

  /** Emits one-byte chunks 0, 1, 2... on its own thread as they are requested, like the SDK's Netty threads. */
  private final class Chunks implements Publisher<ByteBuffer> {
    final int count;
    final RuntimeException failure;
    final boolean paced;
    final AtomicLong requested = new AtomicLong();
    volatile boolean cancelled;
    private int next;

    Chunks(int count, RuntimeException failure) {
      this(count, failure, false);
    }

    Chunks(int count, RuntimeException failure, boolean paced) {
      this.count = count;
      this.failure = failure;
      this.paced = paced;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      subscriber.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {
          requested.addAndGet(n);
          sdkThread.execute(() -> {
            for (long i = 0; i < n && next < count && !cancelled; i++) {
              subscriber.onNext(ByteBuffer.wrap(new byte[] {(byte) next++}));
              if (paced) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
              }
            }
            if (next == count && !cancelled) {
              next++;
              if (failure == null) {
                subscriber.onComplete();
              } else {
                subscriber.onError(failure);
              }
            }
          });
        }

        @Override
        public void cancel() {
          cancelled = true;
        }
      });
    }
  }
}
