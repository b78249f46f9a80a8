package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.ApiException;
import gg.phoenix.coupons.api.CredentialKind;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Audits;
import gg.phoenix.coupons.bus.PlayerRequest;
import gg.phoenix.coupons.bus.RedeemRequest;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.bus.RollbackRequest;
import gg.phoenix.coupons.bus.SameLoop;
import gg.phoenix.coupons.bus.ValidateRequest;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.db.ReadRouting;
import gg.phoenix.coupons.db.ReplicaLag;
import gg.phoenix.coupons.idempotency.IdempotencyKey;
import gg.phoenix.coupons.metrics.ServiceMetrics;
import gg.phoenix.coupons.redis.RedisClients;
import gg.phoenix.coupons.redis.near.LocalCaches;
import gg.phoenix.coupons.redis.near.RedisCache;
import gg.phoenix.coupons.stats.CampaignCounters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Owns the rules of reading, validating and redeeming coupons. Answers requests from the HTTP verticle
 * over the event bus; knows nothing of HTTP beyond the status carried by an {@link ApiError}.
 */
public class CouponVerticle extends VerticleBase {

  private final ServiceConfig config;
  private final LocalCaches near;
  private final OwnCodeBatches ownCodes;
  private final KnownPublicCodes publicCodes;
  private final CampaignCounters counters;
  private final ReplicaLag replicaLag;
  private Pool pool;
  private Pool replica;
  private ReadRouting reads;
  private Redis redis;
  private LookupThrottle throttle;
  private Validator validator;
  private Redeemer redeemer;

  /**
   * @param config the service's settings, read once by MainVerticle
   * @param near the process's in-memory copies, shared by every instance of this verticle
   * @param ownCodes the process's queue of own-coupon redemptions, shared likewise
   * @param publicCodes the codes the process has seen to be public codes, shared likewise
   * @param replicaLag whether the read replica may serve reads now (the process's one)
   */
  public CouponVerticle(ServiceConfig config, LocalCaches near, OwnCodeBatches ownCodes, KnownPublicCodes publicCodes,
                        CampaignCounters counters, ReplicaLag replicaLag) {
    this.config = config;
    this.near = near;
    this.ownCodes = ownCodes;
    this.publicCodes = publicCodes;
    this.counters = counters;
    this.replicaLag = replicaLag;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    redis = RedisClients.create(vertx, config, 8);
    RedisAPI redisApi = RedisAPI.api(redis);
    replica = config.replica().configured() ? PgPools.replica(vertx, config) : null;
    reads = ReadRouting.of(pool, replica, replicaLag, redisApi, config);
    CouponStore store = new CouponStore(pool);
    RedisCache cache = new RedisCache(redisApi, config.redis().timeoutMs(), config.caches().ttlSeconds(), config.caches().enabled(), near);
    CodeLookup lookup = new CodeLookup(store, cache, near);
    UsageGuard guard = new UsageGuard(redisApi, config.redis().timeoutMs(), config.guard().counterTtlSeconds(),
        config.guard().leaseMs(), near.totalUses());
    PlayerViews views = new PlayerViews(reads, cache);
    Rollbacks rollbacks = new Rollbacks(store, guard);
    throttle = new LookupThrottle(redisApi, config.redis().timeoutMs(), config.lockout().failureLimit(),
        config.lockout().failureWindowSeconds(), 2L * config.auth().hmacMaxSkewSeconds(), near, counters);
    validator = new Validator(store, lookup, guard, counters);
    redeemer = new Redeemer(store, ownCodes, lookup, guard, publicCodes);
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.<JsonObject>consumer(Addresses.DEFINITIONS_LIST, msg -> Replies.answer(msg, views.definitions(PlayerRequest.fromJson(msg.body())))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPONS, msg -> Replies.answer(msg, views.userCoupons(PlayerRequest.fromJson(msg.body())))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPON, msg -> Replies.answer(msg, views.userCoupon(PlayerRequest.fromJson(msg.body())))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_REDEMPTIONS, msg -> Replies.answer(msg, views.redemptions(PlayerRequest.fromJson(msg.body())))).completion(),
        SameLoop.<JsonObject>consumer(vertx, Addresses.VALIDATE, msg -> Replies.answer(msg, validate(ValidateRequest.fromJson(msg.body())))),
        SameLoop.<JsonObject>consumer(vertx, Addresses.REDEEM, msg -> Replies.answer(msg, redeem(msg.body()))))
        .compose(v -> bus.<JsonObject>consumer(Addresses.ROLLBACK_REDEMPTION, msg -> {
          RollbackRequest request = RollbackRequest.fromJson(msg.body());
          Audits.answer(vertx, msg, request.tenantId(), request.redemptionId(), null, () -> rollbacks.rollback(request)
              .compose(done -> reads.pinTenant(request.tenantId()).map(done)));
        }).completion());
  }

  @Override
  public Future<?> stop() {
    SameLoop.forget(vertx, Addresses.VALIDATE);
    SameLoop.forget(vertx, Addresses.REDEEM);
    return Future.all(pool == null ? Future.succeededFuture() : pool.close(),
        replica == null ? Future.succeededFuture() : replica.close(),
        redis == null ? Future.succeededFuture() : redis.close());
  }

  /** Validation, with unknown codes counted against whoever tried them ({@link Guessers}). */
  private Future<JsonObject> validate(ValidateRequest req) {
    String tenantId = req.tenantId();
    List<String> who = guessers(req.credential(), req.userId(), req.client());
    return throttle.check(tenantId, who)
        .compose(v -> validator.validate(tenantId, req.code(), req.userId(), req.context()))
        .onSuccess(answer -> {
          if (Rejection.NOT_FOUND.validateMessage().equals(answer.getString("error"))) {
            throttle.recordMiss(tenantId, who, req.signatureId());
          }
        });
  }

  /** {@code json} is the {@link RedeemRequest}, with the Idempotency-Key attached when the caller sent one. */
  private Future<JsonObject> redeem(JsonObject json) {
    RedeemRequest req = RedeemRequest.fromJson(json);
    String tenantId = req.tenantId();
    List<String> who = guessers(req.credential(), req.userId(), req.client());
    return throttle.check(tenantId, who)
        .compose(v -> redeemer.redeem(tenantId, req.code(), req.userId(), req.context(), IdempotencyKey.of(json)))
        // The player's next reads go to the primary until the replica has this redemption.
        .compose(redeemed -> reads.pinPlayer(tenantId, req.userId()).map(redeemed))
        .onSuccess(redeemed -> ServiceMetrics.redemption("redeemed"))
        .onFailure(err -> {
          ServiceMetrics.redemption(err instanceof ApiException api ? api.error().code() : "internal_error");
          if (err instanceof ApiException api && api.error().equals(Rejection.NOT_FOUND.redeemError())) {
            // a signed redeem is a write, accepted once: no signature to count once here
            throttle.recordMiss(tenantId, who, null);
          }
        });
  }

  private static List<String> guessers(String credential, String userId, String client) {
    return Guessers.of(CredentialKind.fromWire(credential), userId, client);
  }
}
