package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.api.Timestamps.format;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.coupon.CouponViews;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.near.RedisCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** Revoking single coupons, and reading a definition's coupons out as CSV, one keyset page at a time. */
final class CouponAdmin {

  static final String CSV_HEADER = "id,code,user_id,status,redemption_count,expires_at\n";
  static final int MAX_PAGE = 5000;
  private static final String FORMULA_STARTS = "=+-@\t\r";
  private static final ApiError COUPON_NOT_FOUND = ApiError.notFound("coupon_not_found", "Coupon not found");

  private final Pool pool;
  private final Catalog catalog;
  private final RedisCache cache;

  CouponAdmin(Pool pool, Catalog catalog, RedisCache cache) {
    this.pool = pool;
    this.catalog = catalog;
    this.cache = cache;
  }

  /**
   * Revokes the coupon; revoking it again answers the same. The first revocation writes its
   * coupon.revoked event in the same transaction.
   */
  Future<JsonObject> revoke(String tenantId, String couponId) {
    UUID id = Ids.uuidOrNull(couponId);
    if (id == null) {
      return Future.failedFuture(COUPON_NOT_FOUND.exception());
    }
    return pool.withTransaction(conn -> conn.preparedQuery(ManagementSql.REVOKE).execute(Tuple.of(tenantId, id))
            .compose(revoked -> counted(conn, tenantId, revoked).map(revoked))
            .compose(revoked -> CouponViews.byIds(conn, List.of(id)).compose(found -> {
              if (found.isEmpty() || !tenantId.equals(found.getJsonObject(0).getString("tenant_id"))) {
                return Future.failedFuture(COUPON_NOT_FOUND.exception());
              }
              JsonObject coupon = found.getJsonObject(0);
              return revoked.size() == 0 ? Future.succeededFuture(coupon)
                  : Outbox.write(conn, EventTypes.REVOKED, tenantId, new JsonObject()
                      .put("user_id", coupon.getString("user_id"))
                      .put("coupon", coupon)
                      .put("reward_item", coupon.getJsonObject("reward_item"))).map(coupon);
            })))
        // A revoked public code must stop working everywhere at once, not when its cache entry ages out.
        .compose(coupon -> cache.invalidate(List.of(CacheKeys.publicCode(tenantId, coupon.getString("code")))).map(coupon));
  }

  /** Counts a revocation on the coupon's definition and batch, when it changed the coupon. */
  private static Future<Void> counted(SqlConnection conn, String tenantId, RowSet<Row> revoked) {
    if (revoked.size() == 0) {
      return Future.succeededFuture();
    }
    Row row = revoked.iterator().next();
    int usedUp = "redeemed".equals(row.getString("was")) ? 1 : 0;
    return conn.preparedQuery(BatchSql.COUNT_REVOKED)
        .execute(Tuple.of(row.getUUID("definition_id"), row.getUUID("batch_id"), 1, usedUp, tenantId)).mapEmpty();
  }

  /**
   * One page of the export after {@code afterId} (null for the first, which also checks the definition), read through
   * {@code db} (the bulk lane's pool, or the replica):
   * {"csv": lines, "last_id": id or null when this was the last page}.
   */
  static Future<JsonObject> exportPage(SqlClient db, String tenantId, String definitionId, String afterId, int size) {
    Future<UUID> definition = afterId == null
        ? Catalog.definitionRow(db, tenantId, definitionId).map(row -> row.getUUID("id"))
        : Future.succeededFuture(Ids.uuidOrNull(definitionId));
    return definition.compose(defId -> csvPage(db, ManagementSql.EXPORT_PAGE, tenantId, defId, afterId, size));
  }

  /**
   * One page of an export statement ($1 tenant, $2 what is exported, $3 after this id, $4 at most this many) as CSV,
   * with the header on the first page: {"csv": lines, "last_id": id or null when this was the last page}.
   */
  static Future<JsonObject> csvPage(SqlClient db, String sql, String tenantId, UUID scopeId, String afterId, int size) {
    int limit = Math.max(1, Math.min(size, MAX_PAGE));
    UUID after = afterId == null ? new UUID(0, 0) : Ids.uuidOrNull(afterId); // PostgreSQL orders uuids bytewise
    if (after == null || scopeId == null) {
      return Future.failedFuture(ApiError.badRequest("invalid_cursor", "Invalid export cursor").exception());
    }
    return db.preparedQuery(sql).execute(Tuple.of(tenantId, scopeId, after, limit))
        .map(rows -> {
          StringBuilder csv = new StringBuilder(afterId == null ? CSV_HEADER : "");
          UUID last = null;
          for (Row row : rows) {
            last = row.getUUID("id");
            csv.append(last).append(',')
                .append(csvField(row.getString("code"))).append(',')
                .append(csvField(row.getString("user_id"))).append(',')
                .append(row.getString("status")).append(',')
                .append(row.getInteger("redemption_count")).append(',')
                .append(row.getOffsetDateTime("expires_at") == null ? "" : format(row.getOffsetDateTime("expires_at")))
                .append('\n');
          }
          return new JsonObject().put("csv", csv.toString())
              .put("last_id", rows.size() < limit || last == null ? null : last.toString());
        });
  }

  /**
   * RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. A field a spreadsheet
   * would read as a formula gets a leading apostrophe (OWASP CSV injection), so opening the export runs nothing:
   * one starting with =, +, - or @, and one starting with a tab or carriage return, which spreadsheets skip
   * before reading the = behind them.
   */
  static String csvField(String value) {
    if (value == null) {
      return "";
    }
    if (!value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
      value = "'" + value;
    }
    if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
