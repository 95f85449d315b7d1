package dev.faceforge.verticles.storage;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges a Reactive Streams {@link Publisher} of byte buffers (the AWS SDK's response body) to a
 * Vert.x {@link ReadStream}. Back-pressure is end to end: upstream is asked for a small batch of
 * chunks only while the reader has demand and nothing is queued, so a paused reader stops the
 * download after at most {@link #BATCH} chunks. Every signal is hopped onto one Vert.x context and
 * all state is owned by it; methods called from another thread are re-dispatched there.
 * {@code handler(null)} cancels the subscription, which closes the connection.
 */
final class PublisherReadStream implements ReadStream<Buffer> {
  static final int BATCH = 4;
  private static final Logger LOG = LoggerFactory.getLogger(PublisherReadStream.class);

  private final Context context;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private Subscription subscription;
  private long demand = Long.MAX_VALUE;
  private int outstanding;
  private boolean completed;
  private Throwable failure;
  private boolean cancelled;
  private boolean terminated;
  private boolean emitting;
  private Handler<Buffer> dataHandler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  private PublisherReadStream(Context context) {
    this.context = context;
  }

  /** Subscribes to {@code publisher} now; nothing is requested until a data handler is set. */
  static PublisherReadStream subscribe(Vertx vertx, Publisher<ByteBuffer> publisher) {
    PublisherReadStream stream = new PublisherReadStream(vertx.getOrCreateContext());
    publisher.subscribe(stream.new Upstream());
    return stream;
  }

  /** The Reactive Streams side: may be called on any SDK thread, so it only hands signals over. */
  private final class Upstream implements Subscriber<ByteBuffer> {
    @Override
    public void onSubscribe(Subscription s) {
      context.runOnContext(v -> {
        if (cancelled) {
          s.cancel();
        } else {
          subscription = s;
          pump();
        }
      });
    }

    @Override
    public void onNext(ByteBuffer chunk) {
      // Copied: the SDK may reuse its buffer once onNext returns.
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      Buffer copy = Buffer.buffer(bytes);
      context.runOnContext(v -> {
        outstanding--;
        if (!cancelled) {
          queue.add(copy);
          pump();
        }
      });
    }

    @Override
    public void onError(Throwable t) {
      context.runOnContext(v -> {
        failure = t;
        pump();
      });
    }

    @Override
    public void onComplete() {
      context.runOnContext(v -> {
        completed = true;
        pump();
      });
    }
  }

  /** Delivers what the reader wants, then ends or asks upstream for more. Re-entrant calls return at once. */
  private void pump() {
    if (emitting) {
      return;
    }
    emitting = true;
    try {
      while (!cancelled && demand > 0 && dataHandler != null && !queue.isEmpty()) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        dataHandler.handle(queue.poll());
      }
      if (cancelled || terminated || !queue.isEmpty()) {
        return;
      }
      if (failure != null || completed) {
        terminate();
      } else if (subscription != null && dataHandler != null && demand > 0 && outstanding == 0) {
        outstanding = BATCH;
        subscription.request(BATCH);
      }
    } finally {
      emitting = false;
    }
  }

  private void terminate() {
    terminated = true;
    if (failure == null) {
      if (endHandler != null) {
        endHandler.handle(null);
      }
    } else if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    } else {
      LOG.warn("S3 download failed and nobody listened: {}", failure.toString());
    }
  }

  private void cancel() {
    cancelled = true;
    queue.clear();
    if (subscription != null) {
      subscription.cancel();
    }
  }

  /** Runs {@code action} on the owning context: now when already there, else dispatched. */
  private PublisherReadStream onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
    return this;
  }

  @Override
  public PublisherReadStream exceptionHandler(Handler<Throwable> handler) {
    return onContext(() -> exceptionHandler = handler);
  }

  @Override
  public PublisherReadStream handler(Handler<Buffer> handler) {
    return onContext(() -> {
      dataHandler = handler;
      if (handler == null) {
        cancel();
      } else {
        pump();
      }
    });
  }

  @Override
  public PublisherReadStream pause() {
    return onContext(() -> demand = 0);
  }

  @Override
  public PublisherReadStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public PublisherReadStream fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("negative fetch " + amount);
    }
    return onContext(() -> {
      demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
      pump();
    });
  }

  @Override
  public PublisherReadStream endHandler(Handler<Void> handler) {
    return onContext(() -> endHandler = handler);
  }
}
