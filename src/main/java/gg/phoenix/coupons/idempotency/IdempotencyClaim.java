package gg.phoenix.coupons.idempotency;

import io.vertx.core.json.JsonObject;

/**
 * A request to claim a key for its first request ({@code Addresses.IDEMPOTENCY_CLAIM}), or to release it: the key in
 * its scope and what makes two requests the same ({@code fingerprint}). Completing it adds the answer to store.
 */
public record IdempotencyClaim(IdempotencyKey key, String fingerprint) {

  private static final String SCOPE = "scope";
  private static final String CALLER = "caller";
  private static final String KEY = "key";
  private static final String FINGERPRINT = "fingerprint";
  private static final String STATUS = "status";
  private static final String RESPONSE = "response";

  public JsonObject toJson() {
    return new JsonObject().put(SCOPE, key.scope()).put(CALLER, key.caller()).put(KEY, key.key())
        .put(FINGERPRINT, fingerprint);
  }

  /** The claim completed with the answer to replay: {@code Addresses.IDEMPOTENCY_COMPLETE}. */
  public JsonObject completedWith(int status, JsonObject response) {
    return toJson().put(STATUS, status).put(RESPONSE, response);
  }

  public static IdempotencyClaim fromJson(JsonObject json) {
    return new IdempotencyClaim(new IdempotencyKey(json.getString(SCOPE), json.getString(CALLER), json.getString(KEY)),
        json.getString(FINGERPRINT));
  }

  /** The status a completed claim stores. */
  static int status(JsonObject completed) {
    return completed.getInteger(STATUS);
  }

  /** The answer a completed claim stores. */
  static JsonObject response(JsonObject completed) {
    return completed.getJsonObject(RESPONSE);
  }
}
