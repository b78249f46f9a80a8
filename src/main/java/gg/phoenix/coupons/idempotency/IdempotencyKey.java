package gg.phoenix.coupons.idempotency;

import io.vertx.core.json.JsonObject;

/**
 * An Idempotency-Key where it belongs: a scope (the tenant, or {@link #OPERATOR_SCOPE}), the caller within it,
 * and the key the caller chose. Two callers never share a stored answer, whatever keys they pick.
 */
public record IdempotencyKey(String scope, String caller, String key) {

  /** The operator's scope. A tenant id is 2 to 63 of a-z 0-9 - _, so none can be spelled with a colon. */
  public static final String OPERATOR_SCOPE = ":admin";
  public static final String OPERATOR = "operator";

  private static final String FIELD = "idempotency";

  /** The key a request to a handler that stores its own answer carries, or null. */
  public static IdempotencyKey of(JsonObject request) {
    JsonObject json = request.getJsonObject(FIELD);
    return json == null ? null : new IdempotencyKey(json.getString("scope"), json.getString("caller"), json.getString("key"));
  }

  /** A copy of {@code request} that carries this key for its handler. */
  public JsonObject attachTo(JsonObject request) {
    return request.copy().put(FIELD, new JsonObject().put("scope", scope).put("caller", caller).put("key", key));
  }
}
