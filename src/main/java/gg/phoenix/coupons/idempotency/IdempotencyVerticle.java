package gg.phoenix.coupons.idempotency;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps Idempotency-Keys, each in its caller's scope ({@link IdempotencyKey}): claims a key for a first request,
 * answers a repeat with the stored response (without its secrets: {@link StoredAnswers}), refuses a key reused
 * for another request (422) or one whose first request is still running (409).
 */
public class IdempotencyVerticle extends VerticleBase {

  static final ApiError IN_FLIGHT = new ApiError(409, "idempotency_in_flight",
      "A request with this Idempotency-Key is still being processed; retry shortly");
  static final ApiError MISMATCH = new ApiError(422, "idempotency_key_reused",
      "This Idempotency-Key was used for a different request");
  /** A first request still unanswered after this long is taken to have died, and its key can be claimed again. */
  private static final int STALE_SECONDS = 60;
  private static final long EXPIRY_SWEEP_MS = 10 * 60 * 1000;

  private final ServiceConfig config;
  private Pool pool;

  /** @param config the service's settings, read once by MainVerticle */
  public IdempotencyVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    EventBus bus = vertx.eventBus();
    vertx.setPeriodic(EXPIRY_SWEEP_MS, id -> pool.query(IdempotencySql.EXPIRE).execute());
    return Future.all(
        bus.<JsonObject>consumer(Addresses.IDEMPOTENCY_CLAIM, msg -> Replies.answer(msg, claim(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.IDEMPOTENCY_COMPLETE, msg -> Replies.answer(msg, complete(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.IDEMPOTENCY_RELEASE, msg -> Replies.answer(msg, release(msg.body()))).completion());
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** {"claimed": true}, or {"claimed": false, "status", "response"} to replay. */
  private Future<JsonObject> claim(JsonObject req) {
    IdempotencyClaim claim = IdempotencyClaim.fromJson(req);
    String scope = claim.key().scope();
    String caller = claim.key().caller();
    String key = claim.key().key();
    String fingerprint = claim.fingerprint();
    return pool.preparedQuery(IdempotencySql.CLAIM).execute(Tuple.of(scope, caller, key, fingerprint, STALE_SECONDS))
        .compose(claimed -> claimed.size() == 1
            ? Future.succeededFuture(new JsonObject().put("claimed", true))
            : pool.preparedQuery(IdempotencySql.FIND).execute(Tuple.of(scope, caller, key)).compose(rows -> {
              if (rows.size() == 0) {
                // Released between the two statements: the caller may simply try again.
                return Future.failedFuture(IN_FLIGHT.exception());
              }
              Row held = rows.iterator().next();
              if (!fingerprint.equals(held.getString("fingerprint"))) {
                return Future.failedFuture(MISMATCH.exception());
              }
              if (held.getInteger("status") == 0) {
                return Future.failedFuture(IN_FLIGHT.exception());
              }
              return Future.succeededFuture(new JsonObject().put("claimed", false)
                  .put("status", held.getInteger("status")).put("response", held.getJson("response")));
            }));
  }

  private Future<JsonObject> complete(JsonObject req) {
    IdempotencyKey key = IdempotencyClaim.fromJson(req).key();
    Tuple args = Tuple.of(key.scope(), key.caller(), key.key(), IdempotencyClaim.status(req),
        StoredAnswers.withoutSecrets(IdempotencyClaim.response(req)));
    return pool.preparedQuery(IdempotencySql.COMPLETE).execute(args).map(new JsonObject());
  }

  private Future<JsonObject> release(JsonObject req) {
    IdempotencyKey key = IdempotencyClaim.fromJson(req).key();
    Tuple args = Tuple.of(key.scope(), key.caller(), key.key());
    return pool.preparedQuery(IdempotencySql.RELEASE).execute(args).map(new JsonObject());
  }
}
