package dev.faceforge.verticles.storage;

import java.nio.ByteBuffer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The subscription of a publisher with no items: completes on the first request. */
final class EmptySubscription implements Subscription {
  private final Subscriber<? super ByteBuffer> subscriber;
  private boolean done;

  EmptySubscription(Subscriber<? super ByteBuffer> subscriber) {
    this.subscriber = subscriber;
  }

  @Override
  public void request(long n) {
    if (!done) {
      done = true;
      subscriber.onComplete();
    }
  }

  @Override
  public void cancel() {
    done = true;
  }
}
