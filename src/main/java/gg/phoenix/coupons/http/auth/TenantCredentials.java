package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets and status of tenants, asked of the tenant verticle and kept for a few seconds so that
 * authentication does not cost a database round trip per request. One per HTTP verticle instance, used
 * only from its event loop.
 */
public final class TenantCredentials {

  /** What authentication needs to know of a tenant; {@code secrets} is empty for an unknown tenant. */
  record Credentials(boolean found, boolean active, List<String> secrets) {
  }

  private record Cached(Credentials credentials, long expiresAtMillis) {
  }

  private static final int MAX_CACHED = 10_000;

  private final Vertx vertx;
  private final long ttlMillis;
  private final DeliveryOptions delivery;
  private final Map<String, Cached> cache = new HashMap<>();

  public TenantCredentials(Vertx vertx, long ttlSeconds, long timeoutMillis) {
    this.vertx = vertx;
    this.ttlMillis = ttlSeconds * 1000;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  Future<Credentials> get(String tenantId) {
    long now = System.currentTimeMillis();
    Cached cached = cache.get(tenantId);
    if (cached != null && cached.expiresAtMillis() > now) {
      return Future.succeededFuture(cached.credentials());
    }
    return vertx.eventBus().<JsonObject>request(Addresses.TENANT_CREDENTIALS, new JsonObject().put("tenant_id", tenantId), delivery)
        .map(reply -> {
          Credentials credentials = parse(reply.body());
          if (ttlMillis > 0) {
            if (cache.size() >= MAX_CACHED) {
              cache.clear();
            }
            cache.put(tenantId, new Cached(credentials, now + ttlMillis));
          }
          return credentials;
        });
  }

  public void forget(String tenantId) {
    cache.remove(tenantId);
  }

  private static Credentials parse(JsonObject body) {
    if (!body.getBoolean("found", false)) {
      return new Credentials(false, false, List.of());
    }
    List<String> secrets = body.getJsonArray("secrets").stream().map(String::valueOf).toList();
    return new Credentials(true, "active".equals(body.getString("status")), secrets);
  }
}
