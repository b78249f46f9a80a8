package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.ApiException;
import gg.phoenix.coupons.api.PlayerContext;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * Where a redemption's or validation's {@link PlayerContext} comes from. A server's credential (HMAC, or a JWT
 * without {@code sub}) states it: the redeem body's {@code context}, validate's query parameters. A player's token
 * brings it in its signed {@code context} claim, which the studio's proxy wrote; such a request that also sends one
 * is refused, so that a player cannot widen what the proxy signed.
 */
final class PlayerContexts {

  static final String BODY_FIELD = "context";
  static final ApiError FROM_TOKEN_ONLY = new ApiError(403, "context_not_allowed",
      "A player's token carries the player's context in its claims; the request cannot send one");

  private PlayerContexts() {
  }

  static PlayerContext ofRedeem(Caller caller, JsonObject body) {
    Object given = body.getValue(BODY_FIELD);
    if (caller.isPlayer()) {
      if (body.containsKey(BODY_FIELD)) {
        throw FROM_TOKEN_ONLY.exception();
      }
      return ofToken(caller);
    }
    if (given == null) {
      return PlayerContext.NONE;
    }
    if (!(given instanceof JsonObject context)) {
      throw PlayerContext.invalid("context must be a JSON object");
    }
    return PlayerContext.parse(context, BODY_FIELD + ".");
  }

  static PlayerContext ofValidate(Caller caller, MultiMap query) {
    if (caller.isPlayer()) {
      if (PlayerContext.anyIn(query::get)) {
        throw FROM_TOKEN_ONLY.exception();
      }
      return ofToken(caller);
    }
    for (String key : PlayerContext.KEYS) {
      if (query.getAll(key).size() > 1) {
        throw PlayerContext.invalid("Send " + key + " once");
      }
    }
    return PlayerContext.fromQuery(query::get);
  }

  private static PlayerContext ofToken(Caller caller) {
    if (caller.contextClaim() == null) {
      return PlayerContext.NONE;
    }
    try {
      return PlayerContext.parse(caller.contextClaim(), BODY_FIELD + ".");
    } catch (ApiException e) {
      throw PlayerContext.invalid("The token's context claim: " + e.error().message());
    }
  }
}
