package gg.phoenix.coupons.management;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Audits;
import gg.phoenix.coupons.bus.ManagementRequest;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.bus.TenantRef;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.db.ReadRouting;
import gg.phoenix.coupons.db.ReplicaLag;
import gg.phoenix.coupons.redis.RedisClients;
import gg.phoenix.coupons.redis.near.LocalCaches;
import gg.phoenix.coupons.redis.near.RedisCache;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The management API's rules and SQL: tenants (for the platform operator), reward items, definitions,
 * code generation and import, batches, revocation, export and campaign stats (for the studios' servers). Requests arrive over the event bus
 * as {@link ManagementRequest}s from the HTTP verticle, which has already authenticated them. Generation and
 * export use the bulk lane's pool ({@link PgPools#bulk}); generation jobs are run by {@link JobScheduler}. The
 * read-only batch, stats and export requests go through {@link ReadRouting} (to the read replica when there is one);
 * every change pins its tenant's reads to the primary before it is answered.
 */
public class ManagementVerticle extends VerticleBase {

  private final ServiceConfig config;
  private final LocalCaches near;
  private final SecretBox secrets;
  private final ReplicaLag replicaLag;
  private Pool pool;
  private Pool bulk;
  private Pool replica;
  private ReadRouting reads;
  private Redis redis;
  private JobScheduler jobs;
  /** How the target of a change is read before it, for the audit log; other changes record no "before". */
  private Map<String, Function<ManagementRequest, Future<?>>> readBefore = Map.of();

  /**
   * @param config the service's settings, read once by MainVerticle
   * @param near the process's in-memory copies, which changes drop before they are answered
   * @param secrets seals the tenant secrets this verticle writes
   * @param replicaLag whether the read replica may serve reads now (the process's one)
   */
  public ManagementVerticle(ServiceConfig config, LocalCaches near, SecretBox secrets, ReplicaLag replicaLag) {
    this.config = config;
    this.near = near;
    this.secrets = secrets;
    this.replicaLag = replicaLag;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    bulk = PgPools.bulk(vertx, config);
    EventBus bus = vertx.eventBus();
    TenantAdmin tenants = new TenantAdmin(pool, secrets, config.auth().secretGraceSeconds(),
        tenantId -> bus.publish(Addresses.TENANT_CHANGED, new TenantRef(tenantId).toJson()));
    redis = RedisClients.create(vertx, config, 2);
    replica = config.replica().configured() ? PgPools.replica(vertx, config) : null;
    reads = ReadRouting.of(pool, replica, replicaLag, RedisAPI.api(redis), config);
    // Exports keep to the bulk lane's pool when they read from the primary.
    ReadRouting bulkReads = ReadRouting.of(bulk, replica, replicaLag, RedisAPI.api(redis), config);
    RedisCache cache = new RedisCache(RedisAPI.api(redis), config.redis().timeoutMs(), config.caches().ttlSeconds(), config.caches().enabled(), near);
    Catalog catalog = new Catalog(pool, cache);
    jobs = new JobScheduler(vertx, bulk, config.jobs());
    CouponIssuer issuer = new CouponIssuer(pool, bulk, catalog, jobs);
    CouponAdmin coupons = new CouponAdmin(pool, catalog, cache);
    Batches batches = new Batches(pool, bulk, catalog, jobs);
    readBefore = Map.of(
        Addresses.DEFINITION_UPDATE, req -> catalog.getDefinition(req.tenantId(), req.id()),
        Addresses.ADMIN_TENANT_UPDATE, req -> tenants.get(req.id()));
    CodeImports imports = new CodeImports(bulk, catalog, jobs);
    return Future.all(java.util.List.of(
        on(Addresses.ADMIN_TENANT_CREATE, req -> tenants.create(req.body())),
        on(Addresses.ADMIN_TENANT_GET, req -> tenants.get(req.id())),
        on(Addresses.ADMIN_TENANT_ROTATE, req -> tenants.rotateSecret(req.id())),
        on(Addresses.ADMIN_TENANT_UPDATE, req -> tenants.update(req.id(), req.body())),
        on(Addresses.REWARD_ITEM_CREATE, req -> catalog.createRewardItem(req.tenantId(), req.body())),
        onPage(Addresses.REWARD_ITEM_LIST, (req, page) -> catalog.listRewardItems(req.tenantId(), page.getInteger("limit"),
            page.getString("cursor"))),
        on(Addresses.DEFINITION_CREATE, req -> catalog.createDefinition(req.tenantId(), req.body())),
        on(Addresses.DEFINITION_GET, req -> catalog.getDefinition(req.tenantId(), req.id())),
        onPage(Addresses.DEFINITIONS_OVERVIEW, (req, page) -> catalog.listAllDefinitions(req.tenantId(), page.getInteger("limit"),
            page.getString("cursor"))),
        on(Addresses.DEFINITION_UPDATE, req -> catalog.updateDefinition(req.tenantId(), req.id(), req.body())),
        on(Addresses.COUPON_REVOKE, req -> coupons.revoke(req.tenantId(), req.id())),
        onPage(Addresses.COUPONS_EXPORT_PAGE, (req, page) -> bulkReads.tenantRead(req.tenantId(), db ->
            CouponAdmin.exportPage(db, req.tenantId(), req.id(), page.getString("after"), page.getInteger("size", CouponAdmin.MAX_PAGE)))),
        on(Addresses.JOB_GET, req -> issuer.job(req.tenantId(), req.id())),
        on(Addresses.COUPONS_GENERATE, req -> issuer.generate(req.tenantId(), req.id(), req.body())),
        onPage(Addresses.BATCH_LIST, (req, page) -> reads.tenantRead(req.tenantId(), db -> batches.list(db, req.tenantId(),
            req.id(), page.getInteger("limit"), page.getString("cursor")))),
        on(Addresses.BATCH_GET, req -> reads.tenantRead(req.tenantId(), db -> batches.get(db, req.tenantId(), req.id()))),
        onPage(Addresses.BATCH_EXPORT_PAGE, (req, page) -> bulkReads.tenantRead(req.tenantId(), db ->
            Batches.exportPage(db, req.tenantId(), req.id(), page.getString("after"), page.getInteger("size", CouponAdmin.MAX_PAGE)))),
        on(Addresses.BATCH_REVOKE, req -> batches.revoke(req.tenantId(), req.id())),
        on(Addresses.BATCH_STATS, req -> reads.tenantRead(req.tenantId(), db ->
            CampaignStats.ofBatch(db, req.tenantId(), req.id(), req.body()))),
        on(Addresses.DEFINITION_STATS, req -> reads.tenantRead(req.tenantId(), db ->
            CampaignStats.ofDefinition(db, req.tenantId(), req.id(), req.body()))),
        on(Addresses.IMPORT_BEGIN, req -> imports.begin(req.tenantId())),
        on(Addresses.IMPORT_STAGE, req -> imports.stage(req.id(), req.body().getJsonArray("rows"))),
        on(Addresses.IMPORT_COMMIT, req -> imports.commit(req.tenantId(), req.id(), req.body().getString("upload_id"),
            req.body().getString("label"))),
        on(Addresses.IMPORT_DISCARD, req -> imports.discard(req.id()).map(new JsonObject())),
        onPage(Addresses.IMPORT_ERRORS_PAGE, (req, page) -> imports.errorsPage(req.tenantId(), req.id(),
            page.getString("after"), page.getInteger("size", CouponAdmin.MAX_PAGE)))))
        .onSuccess(v -> jobs.start());
  }

  @Override
  public Future<?> stop() {
    Future<Void> jobsStopped = jobs == null ? Future.succeededFuture() : jobs.stop();
    return jobsStopped.transform(v -> Future.all(pool == null ? Future.succeededFuture() : pool.close(),
        bulk == null ? Future.succeededFuture() : bulk.close(),
        replica == null ? Future.succeededFuture() : replica.close(),
        redis == null ? Future.succeededFuture() : redis.close()));
  }

  /** Answers {@code address} with what {@code handler} returns: a body, or a {@link gg.phoenix.coupons.bus.Reply}. */
  private Future<Void> on(String address, Function<ManagementRequest, Future<?>> handler) {
    return onPage(address, (req, json) -> handler.apply(req));
  }

  /**
   * As {@link #on}, for requests that also carry where a page starts and its size, read from {@code json}. Every
   * change answered here goes into the audit log ({@link Audits}): a studio's under its tenant, the operator's under
   * the tenant its path names; and pins that tenant's reads to the primary before it is answered, so that the
   * studio's next read sees it.
   */
  private Future<Void> onPage(String address, BiFunction<ManagementRequest, JsonObject, Future<?>> handler) {
    Function<ManagementRequest, Future<?>> before = readBefore.get(address);
    return vertx.eventBus().<JsonObject>consumer(address, msg -> {
      ManagementRequest req = ManagementRequest.fromJson(msg.body());
      String tenant = req.tenantId() != null ? req.tenantId() : req.id();
      String target = req.tenantId() != null ? req.id() : null;
      boolean change = msg.headers().contains(Audits.ACTOR_HEADER) && tenant != null;
      Audits.answer(vertx, msg, tenant, target, before == null ? null : () -> before.apply(req),
          // Pinned before too: a cache the change clears must not be filled again from a replica that lacks it.
          () -> change ? reads.pinTenant(tenant).compose(pinned -> handler.apply(req, msg.body()))
              .compose(done -> reads.pinTenant(tenant).map(done))
              : handler.apply(req, msg.body()));
    }).completion();
  }
}
