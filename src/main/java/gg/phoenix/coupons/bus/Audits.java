package gg.phoenix.coupons.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's one way in. The HTTP side marks every change it forwards (any method but GET and HEAD) with the
 * {@link #ACTOR_HEADER} of whoever made it; a verticle's dispatcher answers its requests through {@link #answer},
 * which, for a marked request that succeeded, records who, when, what ({@code action}: the address), on what,
 * before and after, and the request id at {@link Addresses#AUDIT_RECORD} before it answers. Whatever an entry
 * holds loses its secrets first ({@link #withoutSecrets}).
 */
public final class Audits {

  /** The event-bus header naming who made a change: {@code console:<e-mail>}, {@code server:hmac}, {@code operator}. */
  public static final String ACTOR_HEADER = "X-Actor";
  private static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final Logger LOG = LoggerFactory.getLogger(Audits.class);

  private Audits() {
  }

  /**
   * Answers {@code msg} with what {@code work} returns, recording it first when {@code msg} is a change.
   *
   * @param tenantId the tenant the change belongs to; null to take the result's {@code tenant_id}, else its {@code id}
   *                 (a tenant created)
   * @param targetId what was changed; null to take the result's {@code id}
   * @param before reads the target as it is before the change, or null when there is nothing to read
   */
  public static void answer(Vertx vertx, Message<JsonObject> msg, String tenantId, String targetId,
                            Supplier<Future<?>> before, Supplier<? extends Future<?>> work) {
    String actor = msg.headers().get(ACTOR_HEADER);
    if (actor == null) {
      Replies.answer(msg, work);
      return;
    }
    Future<?> read = before == null ? Future.succeededFuture() : attempt(before).otherwise(err -> null);
    read.onComplete(earlier -> {
      Future<?> result = attempt(work);
      result.onComplete(done -> {
        if (done.failed()) {
          Replies.answer(msg, result);
          return;
        }
        JsonObject after = body(done.result());
        JsonObject entry = new JsonObject()
            .put("tenant_id", tenantId != null ? tenantId : after == null ? null : after.getString("tenant_id", after.getString("id")))
            .put("actor", actor)
            .put("action", msg.address())
            .put("target_id", targetId != null ? targetId : after == null ? null : after.getString("id"))
            .put("before", withoutSecrets(body(earlier.result())))
            .put("after", withoutSecrets(after))
            .put("request_id", msg.headers().get(REQUEST_ID_HEADER));
        vertx.eventBus().request(Addresses.AUDIT_RECORD, entry, new DeliveryOptions().setSendTimeout(10_000))
            .onFailure(err -> LOG.error("The audit entry of {} by {} (request id {}) was not recorded: {}", msg.address(),
                actor, entry.getString("request_id"), err.toString()))
            .onComplete(recorded -> Replies.answer(msg, result));
      });
    });
  }

  private static Future<?> attempt(Supplier<? extends Future<?>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static JsonObject body(Object result) {
    Object value = result instanceof Reply reply ? reply.body() : result;
    return value instanceof JsonObject json ? json : null;
  }

  /** A copy of {@code json} without any field whose name speaks of a secret, a password or a token, at any depth. */
  public static JsonObject withoutSecrets(JsonObject json) {
    if (json == null) {
      return null;
    }
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> field : json) {
      String name = field.getKey().toLowerCase(Locale.ROOT);
      if (name.contains("secret") || name.contains("password") || name.contains("token") || name.contains("invitation_url")) {
        continue;
      }
      copy.put(field.getKey(), clean(field.getValue()));
    }
    return copy;
  }

  private static Object clean(Object value) {
    if (value instanceof JsonObject object) {
      return withoutSecrets(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(clean(item)));
      return copy;
    }
    return value;
  }
}
