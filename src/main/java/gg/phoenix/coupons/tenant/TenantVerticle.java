package gg.phoenix.coupons.tenant;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.ServiceConfig;
import gg.phoenix.coupons.common.Replies;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Answers the HTTP verticle's questions about tenants: whether one exists, whether it is active, and the
 * secrets its requests may be signed with (the current one, and the previous one during its grace period).
 * Secrets cross only the in-process event bus and are never logged.
 */
public class TenantVerticle extends VerticleBase {

  static final String CREDENTIALS = """
      SELECT id, status, secret,
             CASE WHEN previous_secret_valid_until > now() THEN previous_secret END AS previous_secret
      FROM tenants WHERE id = $1
      """;

  private Pool pool;

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, ServiceConfig.from(config()));
    return vertx.eventBus().<JsonObject>consumer(Addresses.TENANT_CREDENTIALS,
        msg -> Replies.answer(msg, credentials(msg.body().getString("tenant_id")))).completion();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** {"found": false} for an unknown tenant, else its status and usable secrets, newest first. */
  private Future<JsonObject> credentials(String tenantId) {
    return pool.preparedQuery(CREDENTIALS).execute(Tuple.of(tenantId)).map(rows -> {
      if (rows.size() == 0) {
        return new JsonObject().put("found", false);
      }
      Row row = rows.iterator().next();
      JsonArray secrets = new JsonArray().add(row.getString("secret"));
      if (row.getString("previous_secret") != null) {
        secrets.add(row.getString("previous_secret"));
      }
      return new JsonObject().put("found", true).put("status", row.getString("status")).put("secrets", secrets);
    });
  }
}
