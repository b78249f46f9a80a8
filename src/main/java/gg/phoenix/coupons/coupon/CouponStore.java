package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.PlayerContext;
import gg.phoenix.coupons.events.Outbox;
import gg.phoenix.coupons.idempotency.IdempotencyKey;
import gg.phoenix.coupons.idempotency.IdempotencySql;
import io.vertx.core.Future;
import gg.phoenix.coupons.metrics.Counters;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Reads and writes coupons in PostgreSQL; knows SQL, not the rules. */
final class CouponStore {

  /** What one consumed use changed: the redemption's id and the coupon's new state. */
  record Use(UUID redemptionId, String userId, String status, int redemptionCount, Instant redeemedAt) {
  }

  /** A player's claim on a public code, as made or found when it was used. */
  record Claim(UUID couponId, Instant generatedAt) {
  }

  /** One consumed use: what it changed, and for a public code the player's claim it was taken from (else null). */
  record Consumed(Claim claim, Use use) {
  }

  /** A code redeemed in one statement: the coupon as read (empty: no such code), and the use when it was kept. */
  record Attempt(Optional<CouponRow> coupon, Use use) {
  }

  /** A player's code to redeem as one of their own coupons, at {@code now}, with what the request says of the player. */
  record OwnCode(String tenantId, String code, String userId, PlayerContext context, Instant now) {
  }

  /** A code as a player entered it (blanks stripped), in a tenant. */
  record EnteredCode(String tenantId, String code) {
  }

  /** The definition's total cap, enforced by its CHECK constraint, refused a use. */
  private static final String CHECK_VIOLATION = "23514";

  /**
   * Lookups by code under way at once from one store (one per coupon verticle, so per event loop), and the most
   * one statement takes. A lookup is a few microseconds of PostgreSQL's work and a statement several times that,
   * so under load the lookups that arrive while a statement is under way leave together in the next one.
   */
  static final int LOOKUPS_IN_FLIGHT = 1;
  static final int LOOKUP_BATCH = 64;

  private final Pool pool;
  private final StatementBatches<EnteredCode, Optional<CouponRow>> lookups =
      new StatementBatches<>(LOOKUPS_IN_FLIGHT, LOOKUP_BATCH, null);

  CouponStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The coupon (or public code) a player's entry names: surrounding blanks ignored, case ignored unless
   * the definition is case-sensitive. Sent with the other lookups waiting on this store ({@link #findByEnteredCodes}).
   */
  Future<Optional<CouponRow>> findByEnteredCode(String tenantId, String entered) {
    String code = entered.strip();
    return lookups.submit(new EnteredCode(tenantId, code), this::findByEnteredCodes)
        .map(found -> found.filter(c -> CouponRules.codeMatches(c, code)));
  }

  /** What each entry names, all in one statement (CouponSql.FIND_BY_CODES), in the entries' order. */
  Future<List<Optional<CouponRow>>> findByEnteredCodes(List<EnteredCode> entries) {
    int size = entries.size();
    String[] tenants = new String[size];
    String[] codes = new String[size];
    for (int i = 0; i < size; i++) {
      tenants[i] = entries.get(i).tenantId();
      codes[i] = entries.get(i).code();
    }
    Tuple args = Tuple.tuple().addArrayOfString(tenants).addArrayOfString(codes);
    return query(pool, CouponSql.FIND_BY_CODES).execute(args).map(rows -> {
      List<Optional<CouponRow>> found = new ArrayList<>(Collections.nCopies(size, Optional.empty()));
      for (Row row : rows) {
        found.set(row.getLong("n").intValue() - 1, Optional.of(CouponRow.from(row)));
      }
      return found;
    });
  }

  /** The tenant's public codes in lower case, at most {@code limit} of them (CouponSql.PUBLIC_CODES). */
  Future<List<String>> publicCodes(String tenantId, int limit) {
    return query(pool, CouponSql.PUBLIC_CODES).execute(Tuple.of(tenantId, limit)).map(rows -> {
      List<String> codes = new ArrayList<>(rows.size());
      rows.forEach(row -> codes.add(row.getString("code")));
      return codes;
    });
  }

  /** The player's coupon, read through {@code db} (the primary, or the replica for a routed read), as the lists below. */
  static Future<Optional<CouponRow>> findUserCoupon(SqlClient db, String tenantId, String userId, UUID couponId) {
    return query(db, CouponSql.FIND_USER_COUPON).execute(Tuple.of(tenantId, userId, couponId)).map(CouponStore::first);
  }

  /** A page of the player's coupons: at most {@code rows} of them, after the cursor when there is one (see Pages). */
  static Future<RowSet<Row>> listUserCoupons(SqlClient db, String tenantId, String userId, PageCursor after, int rows) {
    return after == null
        ? query(db, CouponSql.LIST_USER_COUPONS).execute(Tuple.of(tenantId, userId, rows))
        : query(db, CouponSql.LIST_USER_COUPONS_AFTER).execute(Tuple.of(tenantId, userId, rows, after.atUtc(), after.id()));
  }

  static Future<RowSet<Row>> listUserRedemptions(SqlClient db, String tenantId, String userId, int limit) {
    return query(db, CouponSql.LIST_USER_REDEMPTIONS).execute(Tuple.of(tenantId, userId, limit));
  }

  /** A page of the tenant's active definitions: at most {@code rows}, after the cursor when there is one. */
  static Future<RowSet<Row>> listActiveDefinitions(SqlClient db, String tenantId, PageCursor after, int rows) {
    return after == null
        ? query(db, CouponSql.LIST_ACTIVE_DEFINITIONS).execute(Tuple.of(tenantId, rows))
        : query(db, CouponSql.LIST_ACTIVE_DEFINITIONS_AFTER).execute(Tuple.of(tenantId, rows, after.atUtc(), after.id()));
  }

  Future<Optional<CouponRow>> findClaim(UUID definitionId, String userId) {
    return query(pool, CouponSql.FIND_CLAIM).execute(Tuple.of(definitionId, userId)).map(CouponStore::first);
  }

  /** How many uses the definition has recorded, as committed in PostgreSQL. */
  Future<Integer> definitionTotalUses(UUID definitionId) {
    return query(pool, CouponSql.DEFINITION_TOTAL_USES).execute(Tuple.of(definitionId))
        .map(rows -> rows.iterator().next().getInteger("total_uses"));
  }

  Future<Row> findDefinition(UUID definitionId) {
    return query(pool, CouponSql.FIND_DEFINITION).execute(Tuple.of(definitionId)).map(rows -> rows.iterator().next());
  }

  /**
   * Consumes one use of {@code coupon} for {@code userId} in one transaction, and answers what
   * {@code answer} makes of it. For a public code the player's claim is made on first use, in the same
   * transaction, so a refused use leaves no claim behind. With an Idempotency-Key, the answer is stored
   * under it in the same transaction too. Empty when the conditional update found the coupon no longer
   * usable (a concurrent redemption won): then nothing changed.
   */
  Future<Optional<JsonObject>> consume(CouponRow coupon, String userId, PlayerContext context, Instant now, JsonObject event,
                                       IdempotencyKey idempotencyKey, Function<Consumed, JsonObject> answer) {
    if (!coupon.isPublicCode() && idempotencyKey == null) {
      // One statement is atomic on its own: no transaction, one round trip.
      return consume(pool, coupon.id(), coupon, userId, context, now, event)
          .map(use -> Optional.of(answer.apply(new Consumed(null, use))))
          .recover(CouponStore::nothingConsumed);
    }
    return pool.withTransaction(conn -> claimIfPublic(conn, coupon, userId)
            .compose(claim -> consume(conn, claim == null ? coupon.id() : claim.couponId(), coupon, userId, context, now, event)
                .map(use -> answer.apply(new Consumed(claim, use))))
            .compose(body -> remember(conn, idempotencyKey, body).map(Optional.of(body))))
        .recover(CouponStore::nothingConsumed);
  }

  /**
   * Redeems players' own coupons by their codes, all in one statement (CouponSql.CONSUME_OWN_COUPONS_BY_CODE).
   * A use is kept only when the code is a coupon of its own without a total cap that passes every rule; otherwise
   * the coupon comes back as read, for the caller to take the longer way or to say why not. One attempt per entry,
   * in the entries' order.
   */
  Future<List<Attempt>> consumeOwnCouponsByCode(List<OwnCode> entries) {
    int size = entries.size();
    String[] tenants = new String[size];
    String[] codes = new String[size];
    String[] users = new String[size];
    OffsetDateTime[] times = new OffsetDateTime[size];
    UUID[] eventIds = new UUID[size];
    String[] contexts = new String[size];
    for (int i = 0; i < size; i++) {
      OwnCode entry = entries.get(i);
      tenants[i] = entry.tenantId();
      codes[i] = entry.code();
      users[i] = entry.userId();
      times[i] = OffsetDateTime.ofInstant(entry.now(), ZoneOffset.UTC);
      eventIds[i] = UUID.randomUUID();
      contexts[i] = contextParameter(entry.context());
    }
    return query(pool, CouponSql.CONSUME_OWN_COUPONS_BY_CODE)
        .execute(Tuple.of(tenants, codes, users, times, eventIds).addArrayOfString(contexts))
        .map(rows -> {
          Attempt[] attempts = new Attempt[size];
          boolean used = false;
          for (Row row : rows) {
            Attempt attempt = attempt(row);
            attempts[row.getLong("n").intValue() - 1] = attempt;
            used |= attempt.use() != null;
          }
          if (used) {
            Outbox.wakeRelaysOnCommit(pool);
          }
          return List.of(attempts);
        });
  }

  /** The context as the batch takes it: JSON text (an array of jsonb is not a parameter type), or null (none). */
  private static String contextParameter(PlayerContext context) {
    return context.isEmpty() ? null : context.toJson().encode();
  }

  private static Attempt attempt(Row row) {
    if (row.getUUID("id") == null) {
      return new Attempt(Optional.empty(), null);
    }
    Use use = row.getUUID("redemption_id") == null ? null : new Use(row.getUUID("redemption_id"),
        row.getString("used_user_id"), row.getString("used_status"), row.getInteger("used_redemption_count"),
        CouponRow.instant(row, "used_redeemed_at"));
    return new Attempt(Optional.of(CouponRow.from(row)), use);
  }

  private Future<Claim> claimIfPublic(SqlConnection conn, CouponRow coupon, String userId) {
    if (!coupon.isPublicCode()) {
      return Future.succeededFuture();
    }
    return claim(conn, Tuple.of(coupon.tenantId(), coupon.definitionId(), userId, coupon.code(), coupon.usesPerCoupon()), true);
  }

  private static Future<Void> remember(SqlConnection conn, IdempotencyKey key, JsonObject body) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return query(conn, IdempotencySql.COMPLETE).execute(Tuple.of(key.scope(), key.caller(), key.key(), 200, body)).mapEmpty();
  }

  private Future<Claim> claim(SqlConnection conn, Tuple args, boolean firstTry) {
    return query(conn, CouponSql.CLAIM_PUBLIC_CODE).execute(args).compose(rows -> {
      if (rows.size() == 0) {
        return firstTry ? claim(conn, args, false) : Future.failedFuture(new IllegalStateException("claim vanished"));
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(new Claim(row.getUUID("id"), CouponRow.instant(row, "generated_at")));
    });
  }

  private static Future<Use> consume(SqlClient client, UUID couponId, CouponRow coupon, String userId,
                                     PlayerContext context, Instant now, JsonObject event) {
    Tuple args = Tuple.of(couponId, coupon.definitionId(), userId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
        coupon.totalUsesCap() != null, UUID.fromString(event.getString("event_id")), event)
        .addValue(context.isEmpty() ? null : context.toJson());
    return query(client, CouponSql.CONSUME_USE).execute(args)
        .onSuccess(rows -> {
          if (rows.size() == 1) {
            Outbox.wakeRelaysOnCommit(client);
          }
        })
        .recover(err -> Future.failedFuture(err instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState())
            ? new NothingConsumed() : err))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(use(rows.iterator().next()))
            : Future.failedFuture(new NothingConsumed()));
  }

  private static <T> Future<Optional<T>> nothingConsumed(Throwable err) {
    return err instanceof NothingConsumed ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err);
  }

  /** Every statement of the coupon rules goes through here, so that {@link Counters} sees it. */
  private static PreparedQuery<RowSet<Row>> query(SqlClient client, String sql) {
    Counters.COUPON_QUERIES.incrementAndGet();
    return client.preparedQuery(sql);
  }

  /** A rolled-back redemption: who had redeemed, the coupon as it is now, and the event written with it. */
  record RolledBack(UUID redemptionId, String userId, CouponRow coupon, Instant rolledBackAt, JsonObject event) {
  }

  /** Why nothing was rolled back. */
  enum NotRolledBack { UNKNOWN, ALREADY }

  /**
   * Rolls a redemption back in one transaction: the use is given back (see CouponSql.ROLLBACK_REDEMPTION), then
   * the event {@code eventOf} builds from the redemption and the coupon's new state is written to the outbox.
   * Fails with {@link RollbackRefused} when the redemption is unknown in this tenant or already rolled back.
   */
  Future<RolledBack> rollback(String tenantId, UUID redemptionId, String reason, Instant now,
                              Function<RolledBack, JsonObject> eventOf) {
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    return pool.withTransaction(conn -> conn.preparedQuery(CouponSql.ROLLBACK_REDEMPTION)
            .execute(Tuple.of(redemptionId, tenantId, at, reason))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(new RollbackRefused(null));
              }
              Row row = rows.iterator().next();
              return conn.preparedQuery(CouponSql.FIND_BY_ID).execute(Tuple.of(row.getUUID("coupon_id")))
                  .map(found -> new RolledBack(redemptionId, row.getString("user_id"),
                      CouponRow.from(found.iterator().next()), now, null));
            })
            .compose(done -> {
              RolledBack withEvent = new RolledBack(done.redemptionId(), done.userId(), done.coupon(), now, eventOf.apply(done));
              return Outbox.write(conn, withEvent.event()).map(id -> withEvent);
            }))
        .recover(err -> err instanceof RollbackRefused
            ? pool.preparedQuery(CouponSql.REDEMPTION_STATE).execute(Tuple.of(redemptionId, tenantId))
                .compose(rows -> Future.failedFuture(new RollbackRefused(rows.size() == 0 ? NotRolledBack.UNKNOWN : NotRolledBack.ALREADY)))
            : Future.failedFuture(err));
  }

  /** The rollback changed nothing; {@code reason} says why once it is known. */
  static final class RollbackRefused extends RuntimeException {
    final NotRolledBack reason;

    RollbackRefused(NotRolledBack reason) {
      super("rollback refused: " + reason, null, false, false);
      this.reason = reason;
    }
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
