package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.coupon.CouponStore.Attempt;
import gg.phoenix.coupons.coupon.CouponStore.OwnCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Sends own-coupon redemptions to PostgreSQL in batches, one statement per batch, so that under load PostgreSQL
 * commits many uses per transaction instead of one: most of what a redemption costs it is per statement, not per
 * row (docs/performance.md: a third as much per redemption in batches of eight). A batch leaves as soon as fewer than {@code maxInFlight} batches are under
 * way: alone when the service is idle, so that idle latency stays one round trip, and with whatever arrived
 * meanwhile when busy. Nothing waits on a timer. Used from one event loop only (its verticle's).
 */
final class OwnCodeBatches {

  /** Entries sorted this way take their row locks in the same order in every batch, which keeps deadlocks rare. */
  private static final Comparator<Pending> LOCK_ORDER = Comparator
      .comparing((Pending p) -> p.entry().tenantId())
      .thenComparing(p -> p.entry().code().toLowerCase(Locale.ROOT));

  private record Pending(OwnCode entry, Promise<Attempt> answer) {
  }

  private final CouponStore store;
  private final int maxInFlight;
  private final int maxBatch;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  OwnCodeBatches(CouponStore store, int maxInFlight, int maxBatch) {
    this.store = store;
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  Future<Attempt> redeem(OwnCode entry) {
    Promise<Attempt> answer = Promise.promise();
    waiting.add(new Pending(entry, answer));
    sendWhileRoom();
    return answer.future();
  }

  private void sendWhileRoom() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      List<Pending> batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
      while (batch.size() < maxBatch && !waiting.isEmpty()) {
        batch.add(waiting.poll());
      }
      batch.sort(LOCK_ORDER);
      inFlight++;
      send(batch).onComplete(done -> {
        inFlight--;
        sendWhileRoom();
      });
    }
  }

  private Future<Void> send(List<Pending> batch) {
    return store.consumeOwnCouponsByCode(batch.stream().map(Pending::entry).toList()).transform(done -> {
      if (done.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).answer().complete(done.result().get(i));
        }
        return Future.succeededFuture();
      }
      if (batch.size() > 1 && done.cause() instanceof PgException pg && "ERROR".equals(pg.getSeverity())) {
        // PostgreSQL refused the statement (a deadlock with another batch, or one entry it cannot take) and rolled
        // all of it back: each entry alone gets its own answer. A lost connection or session (FATAL) is not retried
        // here, because whether its statement committed is unknown.
        return Future.join(batch.stream().map(p -> send(List.of(p))).toList()).mapEmpty();
      }
      batch.forEach(p -> p.answer().fail(done.cause()));
      return Future.succeededFuture();
    });
  }
}
