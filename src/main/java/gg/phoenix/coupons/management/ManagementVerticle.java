package gg.phoenix.coupons.management;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.bus.ReplyHeaders;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.redis.RedisClients;
import gg.phoenix.coupons.redis.near.LocalCaches;
import gg.phoenix.coupons.redis.near.RedisCache;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The management API's rules and SQL: tenants (for the platform operator), reward items, definitions,
 * code generation, revocation and export (for the studios' servers). Requests arrive over the event bus
 * as {"tenant_id", "id"?, "body"?} from the HTTP verticle, which has already authenticated them. Generation and
 * export use the bulk lane's pool ({@link PgPools#bulk}); generation jobs are run by {@link JobScheduler}.
 */
public class ManagementVerticle extends VerticleBase {

  private final LocalCaches near;
  private final SecretBox secrets;
  private Pool pool;
  private Pool bulk;
  private Redis redis;
  private JobScheduler jobs;

  /**
   * @param near the process's in-memory copies, which changes drop before they are answered
   * @param secrets seals the tenant secrets this verticle writes
   */
  public ManagementVerticle(LocalCaches near, SecretBox secrets) {
    this.near = near;
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.from(config());
    pool = PgPools.shared(vertx, config);
    bulk = PgPools.bulk(vertx, config);
    EventBus bus = vertx.eventBus();
    TenantAdmin tenants = new TenantAdmin(pool, secrets, config.secretGraceSeconds(),
        tenantId -> bus.publish(Addresses.TENANT_CHANGED, new JsonObject().put("tenant_id", tenantId)));
    redis = RedisClients.create(vertx, config, 2);
    RedisCache cache = new RedisCache(RedisAPI.api(redis), config.redisTimeoutMs(), config.cacheTtlSeconds(), config.cacheEnabled(), near);
    Catalog catalog = new Catalog(pool, cache);
    jobs = new JobScheduler(vertx, bulk, config.jobs());
    CouponIssuer issuer = new CouponIssuer(pool, bulk, catalog, jobs);
    CouponAdmin coupons = new CouponAdmin(pool, bulk, catalog, cache);
    return Future.all(java.util.List.of(
        on(Addresses.ADMIN_TENANT_CREATE, req -> tenants.create(req.getJsonObject("body"))),
        on(Addresses.ADMIN_TENANT_GET, req -> tenants.get(req.getString("id"))),
        on(Addresses.ADMIN_TENANT_ROTATE, req -> tenants.rotateSecret(req.getString("id"))),
        on(Addresses.ADMIN_TENANT_UPDATE, req -> tenants.update(req.getString("id"), req.getJsonObject("body"))),
        on(Addresses.REWARD_ITEM_CREATE, req -> catalog.createRewardItem(tenant(req), req.getJsonObject("body"))),
        on(Addresses.REWARD_ITEM_LIST, req -> catalog.listRewardItems(tenant(req), req.getInteger("limit"), req.getString("cursor"))),
        on(Addresses.DEFINITION_CREATE, req -> catalog.createDefinition(tenant(req), req.getJsonObject("body"))),
        on(Addresses.DEFINITION_GET, req -> catalog.getDefinition(tenant(req), req.getString("id"))),
        on(Addresses.DEFINITION_UPDATE, req -> catalog.updateDefinition(tenant(req), req.getString("id"), req.getJsonObject("body"))),
        on(Addresses.COUPON_REVOKE, req -> coupons.revoke(tenant(req), req.getString("id"))),
        on(Addresses.COUPONS_EXPORT_PAGE, req -> coupons.exportPage(tenant(req), req.getString("id"),
            req.getString("after"), req.getInteger("size", CouponAdmin.MAX_PAGE))),
        on(Addresses.JOB_GET, req -> issuer.job(tenant(req), req.getString("id"))),
        bus.<JsonObject>consumer(Addresses.COUPONS_GENERATE, msg -> generate(msg, issuer)).completion()))
        .onSuccess(v -> jobs.start());
  }

  @Override
  public Future<?> stop() {
    Future<Void> jobsStopped = jobs == null ? Future.succeededFuture() : jobs.stop();
    return jobsStopped.transform(v -> Future.all(pool == null ? Future.succeededFuture() : pool.close(),
        bulk == null ? Future.succeededFuture() : bulk.close(),
        redis == null ? Future.succeededFuture() : redis.close()));
  }

  private Future<Void> on(String address, Function<JsonObject, Future<JsonObject>> handler) {
    return vertx.eventBus().<JsonObject>consumer(address,
        msg -> Replies.answer(msg, (Supplier<Future<JsonObject>>) () -> handler.apply(msg.body()))).completion();
  }

  private static void generate(Message<JsonObject> msg, CouponIssuer issuer) {
    JsonObject req = msg.body();
    Future<CouponIssuer.Issued> issued;
    try {
      issued = issuer.generate(tenant(req), req.getString("id"), req.getJsonObject("body"));
    } catch (RuntimeException e) {
      issued = Future.failedFuture(e);
    }
    issued.onSuccess(result -> msg.reply(result.body(),
            new DeliveryOptions().addHeader(ReplyHeaders.STATUS, String.valueOf(result.status()))))
        .onFailure(err -> Replies.fail(msg, err));
  }

  private static String tenant(JsonObject req) {
    return req.getString("tenant_id");
  }
}
