package gg.phoenix.coupons.management;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.bus.TenantRef;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import gg.phoenix.coupons.secrets.SecretUnreadableException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP verticle's questions about tenants: whether one exists, whether it is active, and the
 * secrets its requests may be signed with (the current one, and the previous one during its grace period).
 * The secrets are stored sealed ({@link SecretBox}) and opened here, when a tenant's credentials are loaded;
 * they cross only the in-process event bus and are never logged. A secret that does not open (its row was
 * tampered with, or the keyset lacks its key) is left out, so requests signed with it are refused.
 */
public class TenantVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TenantVerticle.class);

  static final String CREDENTIALS = """
      SELECT id, status, secret_enc,
             CASE WHEN previous_secret_valid_until > now() THEN previous_secret_enc END AS previous_secret_enc
      FROM tenants WHERE id = $1
      """;

  private final ServiceConfig config;
  private final SecretBox secrets;
  private Pool pool;

  public TenantVerticle(ServiceConfig config, SecretBox secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    return vertx.eventBus().<JsonObject>consumer(Addresses.TENANT_CREDENTIALS,
        msg -> Replies.answer(msg, credentials(TenantRef.fromJson(msg.body()).tenantId()))).completion();
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
      JsonArray usable = new JsonArray();
      open(row.getBuffer("secret_enc"), SealedColumn.TENANT_SECRET, tenantId, usable);
      open(row.getBuffer("previous_secret_enc"), SealedColumn.TENANT_PREVIOUS_SECRET, tenantId, usable);
      return new JsonObject().put("found", true).put("status", row.getString("status")).put("secrets", usable);
    });
  }

  private void open(Buffer sealed, SealedColumn column, String tenantId, JsonArray usable) {
    if (sealed == null) {
      return;
    }
    try {
      usable.add(secrets.open(sealed.getBytes(), column, tenantId));
    } catch (SecretUnreadableException e) {
      LOG.error("Tenant credentials refused: {}", e.getMessage());
    }
  }
}
