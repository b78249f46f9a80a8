package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.http.auth.Caller;
import gg.phoenix.coupons.idempotency.IdempotencyClaim;
import gg.phoenix.coupons.idempotency.IdempotencyKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * POSTs sent with an Idempotency-Key: the first request claims the key and runs; its answer is stored
 * with the key (a redemption stores it in its own transaction) and replayed, with its status, to repeats
 * of the same request for 24 hours. Keys belong to their caller ({@link IdempotencyKey}): the tenant and the
 * player or credential within it, or the operator. The same key with another request is a 422; a repeat while
 * the first still runs, a 409. A request refused with a 4xx changed nothing and frees its key, so a retry runs again.
 * Secrets an answer shows once are not stored with it ({@link gg.phoenix.coupons.idempotency.StoredAnswers}).
 */
final class IdempotentForwarding {

  static final String HEADER = "Idempotency-Key";
  static final int MAX_KEY_LENGTH = 255;
  /** Requests whose handler stores its answer under the key itself, inside the transaction that changes data. */
  private static final Set<String> STORED_BY_HANDLER = Set.of(Addresses.REDEEM);

  private IdempotentForwarding() {
  }

  /** The key of this request, or null; a malformed or repeated header is a 400. */
  static String key(RoutingContext ctx) {
    List<String> keys = ctx.request().headers().getAll(HEADER);
    if (keys.isEmpty()) {
      return null;
    }
    if (keys.size() > 1 || keys.get(0).isEmpty() || keys.get(0).length() > MAX_KEY_LENGTH) {
      throw ApiError.badRequest("invalid_idempotency_key",
          "Send one Idempotency-Key header of 1 to " + MAX_KEY_LENGTH + " characters").exception();
    }
    return keys.get(0);
  }

  /** Claims the key, runs the request (or replays the stored answer), stores the answer, then responds once. */
  static void forward(BusForwarder bus, RoutingContext ctx, String address, JsonObject request, int successStatus,
                      String key) {
    MessageDigest sha = fingerprinting(ctx);
    if (ctx.body().buffer() != null) {
      sha.update(ctx.body().buffer().getBytes());
    }
    forward(bus, ctx, address, request, successStatus, key, HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * As above, for a request whose body was not kept (it streamed): {@code fingerprint} is the hex of
   * {@link #fingerprinting} fed the body. Completes once the answer went out or the request failed.
   */
  static Future<?> forward(BusForwarder bus, RoutingContext ctx, String address, JsonObject request, int successStatus,
                           String key, String fingerprint) {
    IdempotencyClaim claim = new IdempotencyClaim(scoped(ctx, key), fingerprint);
    return bus.request(ctx, Addresses.IDEMPOTENCY_CLAIM, claim.toJson())
        .compose(claimed -> claimed.body().getBoolean("claimed")
            ? run(bus, ctx, new Claimed(address, request, successStatus, claim))
            : Future.succeededFuture(Answer.replayed(claimed.body())))
        .onSuccess(answer -> answer.send(ctx))
        .onFailure(ctx::fail);
  }

  /** A request whose key this request holds, and the claim that holds it. */
  private record Claimed(String address, JsonObject request, int successStatus, IdempotencyClaim claim) {

    boolean storedByHandler() {
      return STORED_BY_HANDLER.contains(address);
    }
  }

  /** What goes out: the handler's answer, or a stored one replayed to a repeat. */
  private record Answer(int status, JsonObject body, boolean replay) {

    static Answer replayed(JsonObject stored) {
      return new Answer(stored.getInteger("status"), stored.getJsonObject("response"), true);
    }

    void send(RoutingContext ctx) {
      if (replay) {
        ctx.response().putHeader("Idempotent-Replayed", "true").setStatusCode(status);
        ctx.json(body);
      } else {
        BusForwarder.respond(ctx, status, body);
      }
    }
  }

  private static Future<Answer> run(BusForwarder bus, RoutingContext ctx, Claimed claimed) {
    JsonObject request = claimed.storedByHandler() ? claimed.claim().key().attachTo(claimed.request()) : claimed.request();
    Future<Answer> answered = bus.request(ctx, claimed.address(), request)
        .map(reply -> new Answer(BusForwarder.status(reply, claimed.successStatus()), reply.body(), false))
        .recover(err -> releaseIfRefused(bus, ctx, claimed, err));
    return claimed.storedByHandler() ? answered : answered.compose(answer -> complete(bus, ctx, claimed, answer));
  }

  private static Future<Answer> complete(BusForwarder bus, RoutingContext ctx, Claimed claimed, Answer answer) {
    JsonObject done = claimed.claim().completedWith(answer.status(), answer.body());
    return bus.request(ctx, Addresses.IDEMPOTENCY_COMPLETE, done).map(answer);
  }

  /**
   * A refusal (4xx) changed nothing, so its key is freed for a retry. After a 5xx or a timeout the outcome is
   * unknown (a timed-out redemption may still commit): the key stays claimed until it goes stale.
   */
  private static Future<Answer> releaseIfRefused(BusForwarder bus, RoutingContext ctx, Claimed claimed, Throwable err) {
    if (ErrorResponses.toError(err, 500).status() >= 500) {
      return Future.failedFuture(err);
    }
    return bus.request(ctx, Addresses.IDEMPOTENCY_RELEASE, claimed.claim().toJson()).transform(released -> Future.failedFuture(err));
  }

  /** Tenant routes have an authenticated {@link Caller}; the operator's routes (/v1/admin) have none. */
  private static IdempotencyKey scoped(RoutingContext ctx, String key) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    return caller == null
        ? new IdempotencyKey(IdempotencyKey.OPERATOR_SCOPE, IdempotencyKey.OPERATOR, key)
        : new IdempotencyKey(caller.tenantId(), caller.idempotencyCaller(), key);
  }

  /** What makes two requests the same: method, path with query, and body, byte for byte; this digest lacks the body. */
  static MessageDigest fingerprinting(RoutingContext ctx) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((ctx.request().method().name() + "\n" + ctx.request().uri() + "\n").getBytes(StandardCharsets.UTF_8));
      return sha;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
