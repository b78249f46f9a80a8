package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.Utf16;
import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a tenant JWT must say before its signature is worth checking (RFC 8725): HS256 in its header;
 * {@code sub_type} "tenant" and a {@code sub_id}; a numeric {@code exp}; {@code sub}, when present, a
 * non-empty string (a {@code null} or a number would otherwise read as "no player", i.e. server powers);
 * {@code context} (the player's context for eligibility rules), when present, a JSON object;
 * {@code iat} and {@code nbf}, when present, numbers (the JWT library reads them as numbers unchecked); a lifetime ({@code exp - iat}, or {@code exp - now} without {@code iat}) of at most JWT_MAX_LIFETIME_SECONDS;
 * and the configured {@code aud} and {@code iss}, when there are. Expiry itself is checked with the signature.
 */
public final class JwtClaimRules {

  static final String ALGORITHM = "HS256";

  private final ServiceConfig.Jwt rules;

  public JwtClaimRules(ServiceConfig.Jwt rules) {
    this.rules = rules;
  }

  boolean admits(JsonObject header, JsonObject payload, long nowSeconds) {
    return ALGORITHM.equals(header.getValue("alg"))
        && "tenant".equals(payload.getValue("sub_type"))
        && payload.getValue("sub_id") instanceof String tenant && isId(tenant)
        && payload.getValue("exp") instanceof Number exp
        && playerIsWellFormed(payload)
        && (!payload.containsKey("context") || payload.getValue("context") instanceof JsonObject)
        && numberIfPresent(payload, "iat") && numberIfPresent(payload, "nbf")
        && lifetimeWithinLimit(payload, exp.doubleValue(), nowSeconds)
        && audienceMatches(payload.getValue("aud"))
        && (rules.issuer().isEmpty() || rules.issuer().equals(payload.getValue("iss")));
  }

  private static boolean playerIsWellFormed(JsonObject payload) {
    if (!payload.containsKey("sub")) {
      return true;
    }
    return payload.getValue("sub") instanceof String player && isId(player);
  }

  /** Not blank, and nothing PostgreSQL would refuse (NUL) or read as another id (a lone surrogate, sent as '?'). */
  private static boolean isId(String id) {
    return !id.isBlank() && id.indexOf('\0') < 0 && !Utf16.holdsLoneSurrogate(id);
  }

  /** A claim that is absent, or a number: {@code "iat": null} is neither, and is not read as absent. */
  private static boolean numberIfPresent(JsonObject payload, String claim) {
    return !payload.containsKey(claim) || payload.getValue(claim) instanceof Number;
  }

  private boolean lifetimeWithinLimit(JsonObject payload, double exp, long nowSeconds) {
    Object iat = payload.getValue("iat");
    double from = iat == null ? nowSeconds : ((Number) iat).doubleValue();
    return exp - from <= rules.maxLifetimeSeconds();
  }

  /** {@code aud} is one string or an array of them (RFC 7519 4.1.3); the configured audience must be among them. */
  private boolean audienceMatches(Object aud) {
    if (rules.audience().isEmpty()) {
      return true;
    }
    if (aud instanceof String single) {
      return rules.audience().equals(single);
    }
    return aud instanceof JsonArray list && list.contains(rules.audience());
  }
}
