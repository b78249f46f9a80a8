package gg.phoenix.coupons.http;

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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies tenant JWTs: HS256 only, signed with a secret of the tenant named in {@code sub_id},
 * {@code sub_type} "tenant", {@code exp} required. Answers the proven tenant and player ({@code sub}).
 */
final class JwtVerifier {

  /** The claims of a verified token that authorization needs. */
  record Claims(String tenantId, String playerId) {
  }

  private static final String ALGORITHM = "HS256";
  private static final int MAX_PROVIDERS = 10_000;

  private final Vertx vertx;
  private final TenantCredentials credentials;
  private final int leewaySeconds;
  /** One provider per secret: building one costs a key setup, verifying with it does not. */
  private final Map<String, JWTAuth> providers = new HashMap<>();

  JwtVerifier(Vertx vertx, TenantCredentials credentials, int leewaySeconds) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.leewaySeconds = leewaySeconds;
  }

  Future<Claims> verify(String token) {
    JsonObject claims = unverifiedClaims(token);
    if (claims == null) {
      return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
    }
    String tenantId = claims.getString("sub_id");
    return credentials.get(tenantId).compose(found -> {
      if (!found.found()) {
        return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
      }
      return verifyWithAny(token, found.secrets(), 0).compose(user -> {
        if (!found.active()) {
          return Future.failedFuture(AuthErrors.TENANT_DISABLED.exception());
        }
        Object sub = user.principal().getValue("sub");
        return Future.succeededFuture(new Claims(tenantId, sub == null ? null : String.valueOf(sub)));
      });
    });
  }

  private Future<User> verifyWithAny(String token, List<String> secrets, int index) {
    if (index >= secrets.size()) {
      return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
    }
    return provider(secrets.get(index)).authenticate(new TokenCredentials(token))
        .recover(err -> verifyWithAny(token, secrets, index + 1));
  }

  private JWTAuth provider(String secret) {
    if (providers.size() >= MAX_PROVIDERS) {
      providers.clear();
    }
    return providers.computeIfAbsent(secret, s -> JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(s))
        .setJWTOptions(new JWTOptions().setLeeway(leewaySeconds))));
  }

  /**
   * The payload of a token whose header pins HS256 and whose payload has what we require, before its
   * signature is checked (that needs the tenant it names). Null when the token is malformed.
   */
  private static JsonObject unverifiedClaims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(decode(parts[0]));
      JsonObject payload = new JsonObject(decode(parts[1]));
      boolean wellFormed = ALGORITHM.equals(header.getValue("alg"))
          && "tenant".equals(payload.getValue("sub_type"))
          && payload.getValue("sub_id") instanceof String tenant && !tenant.isBlank() && tenant.indexOf('\0') < 0
          && payload.getValue("exp") instanceof Number;
      return wellFormed ? payload : null;
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
