package gg.phoenix.coupons.coupon;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes coupons in PostgreSQL; knows SQL, not the rules. */
final class CouponStore {

  /** What one consumed use changed: the redemption's id and the coupon's new state. */
  record Use(UUID redemptionId, String userId, String status, int redemptionCount, Instant redeemedAt) {
  }

  private final Pool pool;

  CouponStore(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<CouponRow>> findByCode(String tenantId, String code) {
    return pool.preparedQuery(CouponSql.FIND_BY_CODE).execute(Tuple.of(tenantId, code)).map(CouponStore::first);
  }

  Future<Optional<CouponRow>> findUserCoupon(String tenantId, String userId, UUID couponId) {
    return pool.preparedQuery(CouponSql.FIND_USER_COUPON).execute(Tuple.of(tenantId, userId, couponId)).map(CouponStore::first);
  }

  Future<List<CouponRow>> listUserCoupons(String tenantId, String userId) {
    return pool.preparedQuery(CouponSql.LIST_USER_COUPONS).execute(Tuple.of(tenantId, userId)).map(CouponStore::all);
  }

  Future<RowSet<Row>> listUserRedemptions(String tenantId, String userId, int limit) {
    return pool.preparedQuery(CouponSql.LIST_USER_REDEMPTIONS).execute(Tuple.of(tenantId, userId, limit));
  }

  Future<RowSet<Row>> listActiveDefinitions(String tenantId) {
    return pool.preparedQuery(CouponSql.LIST_ACTIVE_DEFINITIONS).execute(Tuple.of(tenantId));
  }

  /**
   * Consumes one use of {@code coupon} for {@code userId} in one transaction; empty when the conditional
   * update found the coupon no longer usable (a concurrent redemption won), in which case nothing changed.
   */
  Future<Optional<Use>> consumeUse(CouponRow coupon, String userId, Instant now) {
    Tuple args = Tuple.of(coupon.id(), coupon.definitionId(), userId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
        coupon.totalUsesCap() != null);
    return pool.withTransaction(conn -> conn.preparedQuery(CouponSql.CONSUME_USE).execute(args)
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(Optional.of(use(rows.iterator().next())))
            : Future.failedFuture(new NothingConsumed())))
        .recover(err -> err instanceof NothingConsumed ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err));
  }

  private static Use use(Row row) {
    return new Use(row.getUUID("redemption_id"), row.getString("user_id"), row.getString("status"),
        row.getInteger("redemption_count"), CouponRow.instant(row, "redeemed_at"));
  }

  private static Optional<CouponRow> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(CouponRow.from(rows.iterator().next()));
  }

  private static List<CouponRow> all(RowSet<Row> rows) {
    List<CouponRow> coupons = new ArrayList<>(rows.size());
    rows.forEach(row -> coupons.add(CouponRow.from(row)));
    return coupons;
  }

  /** Fails the transaction so that the definition's counter, raised in the same statement, is rolled back. */
  private static final class NothingConsumed extends RuntimeException {
    NothingConsumed() {
      super("nothing consumed", null, false, false);
    }
  }
}
