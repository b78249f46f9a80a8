package gg.phoenix.coupons.coupon;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** The guide's JSON shapes for other packages that write coupons and definitions (the management API). */
public final class CouponViews {

  private CouponViews() {
  }

  /** The coupons with these ids, in the guide's shape, oldest first. */
  public static Future<JsonArray> byIds(SqlClient client, List<UUID> ids) {
    return client.preparedQuery(CouponSql.FIND_BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(CouponJson.coupon(CouponRow.from(row))));
      return list;
    });
  }

  /** A definition row (id, tenant_id, name, description, config, status, starts_at, expires_at, created_at). */
  public static JsonObject definition(Row row) {
    return CouponJson.definition(row);
  }
}
