package dev.faceforge.verticles;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was started, to be stopped in reverse order — on shutdown, and when startup fails halfway (so a
 * failed start leaves no thread, port or file handle behind). A failing step is logged and the rest go on.
 */
final class Closers {
  private static final Logger LOG = LoggerFactory.getLogger(Closers.class);
  private final Deque<Supplier<Future<?>>> steps = new ArrayDeque<>();

  void add(Supplier<Future<?>> step) {
    steps.push(step);
  }

  Future<Void> closeAll() {
    Future<Void> chain = Future.succeededFuture();
    while (!steps.isEmpty()) {
      Supplier<Future<?>> step = steps.pop();
      chain = chain.compose(x -> step.get().<Void>mapEmpty().recover(e -> {
        LOG.warn("a shutdown step failed: {}", e.toString());
        return Future.succeededFuture();
      }));
    }
    return chain;
  }
}
