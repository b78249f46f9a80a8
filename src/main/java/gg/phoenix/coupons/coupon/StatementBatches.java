package gg.phoenix.coupons.coupon;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Sends entries to PostgreSQL in batches, one statement per batch: most of what a short statement costs PostgreSQL
 * is per statement (and, for a write, per commit), not per row (docs/performance.md). A batch leaves as soon as fewer
 * than {@code maxInFlight} batches are under way: alone when the service is idle, so that idle latency stays one
 * round trip, and with whatever arrived meanwhile when busy. Nothing waits on a timer. Each answer is given on the
 * event loop that asked. Thread-safe: one instance may be shared by several event loops.
 *
 * @param <E> what a caller asks for
 * @param <R> what it gets back: one answer per entry, in the batch's order
 */
final class StatementBatches<E, R> {

  private record Pending<E, R>(E entry, Promise<R> answer, Context asker) {

    void settle(AsyncResult<R> result) {
      if (asker == null || asker == Vertx.currentContext()) {
        answer.handle(result);
      } else {
        asker.runOnContext(v -> answer.handle(result));
      }
    }
  }

  private final int maxInFlight;
  private final int maxBatch;
  private final Comparator<Pending<E, R>> order;
  private final Queue<Pending<E, R>> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  /** @param order the order entries of a batch are sent in (the order its statement takes row locks), or null */
  StatementBatches(int maxInFlight, int maxBatch, Comparator<E> order) {
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
    this.order = order == null ? null : Comparator.comparing(Pending::entry, order);
  }

  /**
   * Call it on an event loop; the answer comes back on it. A batch this call sends goes through {@code send}, which
   * answers one result per entry, in the entries' order.
   */
  Future<R> submit(E entry, Function<List<E>, Future<List<R>>> send) {
    Promise<R> answer = Promise.promise();
    waiting.add(new Pending<>(entry, answer, Vertx.currentContext()));
    sendWhileRoom(send);
    return answer.future();
  }

  /**
   * Whoever adds an entry looks for room after adding it, and whoever ends a batch looks for entries after freeing
   * its place, so an entry never waits while there is room.
   */
  private void sendWhileRoom(Function<List<E>, Future<List<R>>> send) {
    while (!waiting.isEmpty()) {
      int running = inFlight.get();
      if (running >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(running, running + 1)) {
        continue;
      }
      List<Pending<E, R>> batch = takeBatch();
      if (batch.isEmpty()) { // another event loop took them first
        inFlight.decrementAndGet();
        continue;
      }
      send(batch, send).onComplete(done -> {
        inFlight.decrementAndGet();
        sendWhileRoom(send);
      });
    }
  }

  private List<Pending<E, R>> takeBatch() {
    List<Pending<E, R>> batch = new ArrayList<>();
    Pending<E, R> next;
    while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
      batch.add(next);
    }
    if (order != null) {
      batch.sort(order);
    }
    return batch;
  }

  private Future<Void> send(List<Pending<E, R>> batch, Function<List<E>, Future<List<R>>> send) {
    return send.apply(batch.stream().map(Pending::entry).toList()).transform(done -> {
      if (done.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).settle(Future.succeededFuture(done.result().get(i)));
        }
        return Future.succeededFuture();
      }
      if (batch.size() > 1 && done.cause() instanceof PgException pg && "ERROR".equals(pg.getSeverity())) {
        // PostgreSQL refused the statement (a deadlock with another batch, or one entry it cannot take) and rolled
        // all of it back: each entry alone gets its own answer. A lost connection or session (FATAL) is not retried
        // here, because whether its statement committed is unknown.
        return Future.join(batch.stream().map(p -> send(List.of(p), send)).toList()).mapEmpty();
      }
      batch.forEach(p -> p.settle(Future.failedFuture(done.cause())));
      return Future.succeededFuture();
    });
  }
}
