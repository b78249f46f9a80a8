package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.RequestSigning;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.RedisOutage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;

/**
 * Accepts each HMAC-signed write once. The first request with a signature claims it in Redis
 * ({@code SET key NX EX}) for as long as its X-Timestamp stays within HMAC_MAX_SKEW_SECONDS, so every instance
 * refuses a second one; the key holds a hash of the signature, never the signature or the secret. This process
 * also remembers what it accepted ({@link SeenSignatures}): a repeat it has seen is refused without asking Redis,
 * and while Redis does not answer, that memory alone decides (a replay sent to another instance during an outage
 * is then not recognised: the documented price of staying available).
 */
public final class ReplayGuard {

  static final ApiError REPLAYED = new ApiError(401, "replayed_request",
      "This signed request was already accepted once: sign each request anew, with the current X-Timestamp");

  /** Instances' clocks may differ a little: the key outlives the timestamp's acceptance on this one by this much. */
  static final long CLOCK_MARGIN_SECONDS = 5;
  /** How long a failed connection attempt stands before the next request tries again. */
  private static final long RECONNECT_DELAY_MS = 1000;

  private final Vertx vertx;
  private final Redis redis;
  private final SeenSignatures seen;
  private final long timeoutMs;
  private final long maxSkewSeconds;
  /**
   * One connection, its commands pipelined: a burst of signed writes then costs one round trip each on a single
   * socket instead of a wait for a connection of a pool. Used from this verticle's event loop only.
   */
  private Future<RedisConnection> connection;

  public ReplayGuard(Vertx vertx, Redis redis, SeenSignatures seen, long timeoutMs, long maxSkewSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.seen = seen;
    this.timeoutMs = timeoutMs;
    this.maxSkewSeconds = maxSkewSeconds;
  }

  /**
   * Succeeds the first time this tenant presents this signature; fails with {@link #REPLAYED} afterwards.
   * @param signatureId the verified signature's {@link RequestSigning#id} (a re-cased hex spelling is the same signature)
   * @param timestamp the request's X-Timestamp, already checked to be within the skew
   */
  Future<Void> firstUse(String tenantId, String signatureId, long timestamp) {
    String local = tenantId + ':' + signatureId;
    if (seen.contains(local)) {
      return Future.failedFuture(REPLAYED.exception());
    }
    long ttl = Math.max(1, timestamp + maxSkewSeconds - System.currentTimeMillis() / 1000 + 1) + CLOCK_MARGIN_SECONDS;
    Request claim = Request.cmd(Command.SET).arg(CacheKeys.seenSignature(tenantId, signatureId)).arg("1").arg("NX").arg("EX").arg(ttl);
    Future<RedisConnection> used = connection();
    return used.compose(conn -> conn.send(claim))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .transform(done -> {
          boolean first;
          if (done.succeeded()) {
            RedisOutage.answered();
            // SET NX answers OK when it set the key, nothing when the key was there
            first = done.result() != null;
            seen.addIfAbsent(local);
          } else {
            RedisOutage.noticed(done.cause());
            // a connection that stopped answering without closing would make every write wait: the next gets a new one
            drop(used);
            first = seen.addIfAbsent(local);
          }
          return first ? Future.succeededFuture() : Future.failedFuture(REPLAYED.exception());
        });
  }

  private Future<RedisConnection> connection() {
    if (connection == null) {
      Future<RedisConnection> connecting = redis.connect();
      connection = connecting;
      connecting.onSuccess(conn -> {
        conn.exceptionHandler(err -> drop(connecting));
        conn.endHandler(end -> drop(connecting));
      }).onFailure(err -> vertx.setTimer(RECONNECT_DELAY_MS, id -> drop(connecting)));
    }
    return connection;
  }

  /** Closes the connection and lets the next request open another, unless that already happened. */
  private void drop(Future<RedisConnection> lost) {
    if (connection == lost) {
      connection = null;
      lost.onSuccess(RedisConnection::close);
    }
  }

}
