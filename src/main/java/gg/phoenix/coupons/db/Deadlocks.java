package gg.phoenix.coupons.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Supplier;

/**
 * Runs a transaction again when PostgreSQL chose it as the victim of a deadlock (SQLSTATE 40P01). PostgreSQL rolled
 * the victim back whole, so running it again changes nothing twice. For transactions that lock many rows in an order
 * other writers of those rows cannot share (a batch's codes by id, while batched redemptions lock them by code).
 */
public final class Deadlocks {

  static final String DEADLOCK_DETECTED = "40P01";
  static final int ATTEMPTS = 3;

  private Deadlocks() {
  }

  /** {@code transaction} run until it ends other than as a deadlock's victim, at most {@link #ATTEMPTS} times. */
  public static <T> Future<T> retried(Supplier<Future<T>> transaction) {
    return attempt(transaction, ATTEMPTS);
  }

  private static <T> Future<T> attempt(Supplier<Future<T>> transaction, int left) {
    return transaction.get().recover(err -> left > 1 && isVictim(err)
        ? attempt(transaction, left - 1)
        : Future.failedFuture(err));
  }

  static boolean isVictim(Throwable err) {
    return err instanceof PgException pg && DEADLOCK_DETECTED.equals(pg.getSqlState());
  }
}
