package gg.phoenix.coupons.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import gg.phoenix.coupons.metrics.Counters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Verifies tenant JWTs: the claims {@link JwtClaimRules} asks for, then an HS256 signature with a secret of
 * the tenant named in {@code sub_id}. Answers the proven tenant and player ({@code sub}).
 */
public final class JwtVerifier {

  /** The claims of a verified token that authorization needs, and the player's context claim (null: none). */
  record Claims(String tenantId, String playerId, JsonObject context) {
  }

  /** A token proven by its signature, and the secret that proved it. */
  private record Signed(User user, String secret) {
  }

  /** A verified token's claims, the secret that proved it, and how long it may be trusted without a new check. */
  private record Verified(Claims claims, String secret, Duration lifetime) {
  }

  static final long REMEMBER_MILLIS = 30_000;
  static final int MAX_REMEMBERED = 10_000;
  static final int MAX_PROVIDERS = 10_000;

  private final Vertx vertx;
  private final TenantCredentials credentials;
  private final int leewaySeconds;
  private final JwtClaimRules rules;
  /** One provider per secret: building one costs a key setup, verifying with it does not. */
  private final Cache<String, JWTAuth> providers;
  private final Cache<String, Verified> verified;

  public JwtVerifier(Vertx vertx, TenantCredentials credentials, int leewaySeconds, JwtClaimRules rules) {
    this(vertx, credentials, leewaySeconds, rules, Ticker.systemTicker());
  }

  JwtVerifier(Vertx vertx, TenantCredentials credentials, int leewaySeconds, JwtClaimRules rules, Ticker ticker) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.leewaySeconds = leewaySeconds;
    this.rules = rules;
    this.providers = Caffeine.newBuilder().maximumSize(MAX_PROVIDERS).executor(Runnable::run).build();
    this.verified = Caffeine.newBuilder()
        .maximumSize(MAX_REMEMBERED)
        .expireAfter(Expiry.writing((String token, Verified entry) -> entry.lifetime()))
        .executor(Runnable::run)
        .ticker(ticker)
        .build();
  }

  Future<Claims> verify(String token) {
    Verified recent = verified.getIfPresent(token);
    if (recent != null) {
      return credentials.get(recent.claims().tenantId()).compose(found -> found.secrets().contains(recent.secret())
          ? admit(found, recent.claims())
          : Future.failedFuture(AuthErrors.BAD_TOKEN.exception()));
    }
    JsonObject claims = unverifiedClaims(token, rules);
    if (claims == null) {
      return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
    }
    String tenantId = claims.getString("sub_id");
    return credentials.get(tenantId).compose(found -> {
      if (!found.found()) {
        return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
      }
      return verifyWithAny(token, found.secrets(), 0).compose(signed -> {
        // JwtClaimRules let sub through only as a non-empty string, or absent
        // exp and context are read from the payload read above, the one whose signature was just checked
        Claims proven = new Claims(tenantId, signed.user().principal().getString("sub"), claims.getJsonObject("context"));
        remember(token, proven, signed.secret(), claims.getLong("exp"));
        return admit(found, proven);
      });
    });
  }

  private static Future<Claims> admit(TenantCredentials.Credentials tenant, Claims claims) {
    return tenant.active() ? Future.succeededFuture(claims) : Future.failedFuture(AuthErrors.TENANT_DISABLED.exception());
  }

  /**
   * Keeps a verified token for a short while: a game server sends the same token with every request, and
   * checking its signature again each time is most of the cost of authentication. The entry is keyed by the
   * whole token, signature included, and is trusted only while the secret that signed it is still valid.
   * Only tokens that passed every claim rule get here, and none of those rules can turn from yes to no while
   * the entry lives (its lifetime ends at {@code exp}; {@code exp - now} only shrinks).
   */
  private void remember(String token, Claims claims, String secret, long exp) {
    long lifetimeMillis = Math.min(REMEMBER_MILLIS, exp * 1000 - System.currentTimeMillis());
    if (lifetimeMillis > 0) {
      verified.put(token, new Verified(claims, secret, Duration.ofMillis(lifetimeMillis)));
    }
  }

  private Future<Signed> verifyWithAny(String token, List<String> secrets, int index) {
    if (index >= secrets.size()) {
      return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
    }
    String secret = secrets.get(index);
    Counters.JWT_SIGNATURE_CHECKS.incrementAndGet();
    return provider(secret).authenticate(new TokenCredentials(token))
        .map(user -> new Signed(user, secret))
        .recover(err -> verifyWithAny(token, secrets, index + 1));
  }

  private JWTAuth provider(String secret) {
    return providers.get(secret, s -> JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(JwtClaimRules.ALGORITHM).setBuffer(s))
        .setJWTOptions(new JWTOptions().setLeeway(leewaySeconds))));
  }

  /**
   * The payload of a token whose header and payload pass {@link JwtClaimRules}, before its signature is
   * checked (that needs the tenant it names). Null when the token is malformed or refused.
   */
  private static JsonObject unverifiedClaims(String token, JwtClaimRules rules) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(decode(parts[0]));
      JsonObject payload = new JsonObject(decode(parts[1]));
      return rules.admits(header, payload, System.currentTimeMillis() / 1000) ? payload : null;
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
