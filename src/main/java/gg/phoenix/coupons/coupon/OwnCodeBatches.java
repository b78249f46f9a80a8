package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.coupon.CouponStore.Attempt;
import gg.phoenix.coupons.coupon.CouponStore.OwnCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends own-coupon redemptions to PostgreSQL in batches, one statement per batch, so that under load PostgreSQL
 * commits many uses per transaction instead of one: most of what a redemption costs it is per statement, not per
 * row (docs/performance.md). A batch leaves as soon as fewer than {@code maxInFlight} batches are under way: alone
 * when the service is idle, so that idle latency stays one round trip, and with whatever arrived meanwhile when
 * busy. Nothing waits on a timer.
 *
 * <p>One per process, shared by every coupon verticle: with a limit per event loop, the loops' statements ran
 * side by side, half as large, and PostgreSQL spent a third more CPU for the same redemptions
 * (docs/history/performance-log.md). Each answer is given on the event loop that asked.
 */
public final class OwnCodeBatches {

  /** Entries sorted this way take their row locks in the same order in every batch, which keeps deadlocks rare. */
  private static final Comparator<Pending> LOCK_ORDER = Comparator
      .comparing((Pending p) -> p.entry().tenantId())
      .thenComparing(p -> p.entry().code().toLowerCase(Locale.ROOT));

  private record Pending(OwnCode entry, Promise<Attempt> answer, Context asker) {

    void settle(AsyncResult<Attempt> result) {
      if (asker == null || asker == Vertx.currentContext()) {
        answer.handle(result);
      } else {
        asker.runOnContext(v -> answer.handle(result));
      }
    }
  }

  private final int maxInFlight;
  private final int maxBatch;
  private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  public OwnCodeBatches(int maxInFlight, int maxBatch) {
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  /** Call it on an event loop; the answer comes back on it. A batch this call sends goes through {@code store}. */
  Future<Attempt> redeem(OwnCode entry, CouponStore store) {
    Promise<Attempt> answer = Promise.promise();
    waiting.add(new Pending(entry, answer, Vertx.currentContext()));
    sendWhileRoom(store);
    return answer.future();
  }

  /**
   * Whoever adds an entry looks for room after adding it, and whoever ends a batch looks for entries after freeing
   * its place, so an entry never waits while there is room.
   */
  private void sendWhileRoom(CouponStore store) {
    while (!waiting.isEmpty()) {
      int running = inFlight.get();
      if (running >= maxInFlight) {
        return;
      }
      if (!inFlight.compareAndSet(running, running + 1)) {
        continue;
      }
      List<Pending> batch = takeBatch();
      if (batch.isEmpty()) { // another event loop took them first
        inFlight.decrementAndGet();
        continue;
      }
      send(batch, store).onComplete(done -> {
        inFlight.decrementAndGet();
        sendWhileRoom(store);
      });
    }
  }

  private List<Pending> takeBatch() {
    List<Pending> batch = new ArrayList<>();
    Pending next;
    while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
      batch.add(next);
    }
    batch.sort(LOCK_ORDER);
    return batch;
  }

  private Future<Void> send(List<Pending> batch, CouponStore store) {
    return store.consumeOwnCouponsByCode(batch.stream().map(Pending::entry).toList()).transform(done -> {
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
        return Future.join(batch.stream().map(p -> send(List.of(p), store)).toList()).mapEmpty();
      }
      batch.forEach(p -> p.settle(Future.failedFuture(done.cause())));
      return Future.succeededFuture();
    });
  }
}
