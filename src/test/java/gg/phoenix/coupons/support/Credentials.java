package gg.phoenix.coupons.support;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens and signatures built as the guide's clients build them: jsonwebtoken's HS256 JWT with
 * sub_type/sub_id/iat/exp, and the Python client's hmac-sha256 over METHOD\nPATH\nTIMESTAMP\nBODY.
 */
public final class Credentials {

  private Credentials() {
  }

  /** The guide's createTenantJWT(tenantId, tenantSecret, userId, expiresIn). */
  public static String tenantJwt(String tenantId, String secret, String userId, long expiresIn) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject payload = new JsonObject().put("sub_type", "tenant").put("sub_id", tenantId).put("iat", now).put("exp", now + expiresIn);
    if (userId != null) {
      payload.put("sub", userId);
    }
    return jwt(new JsonObject().put("alg", "HS256").put("typ", "JWT"), payload, secret);
  }

  /** A token from arbitrary parts, signed with HS256 whatever the header says; for the failure cases. */
  public static String jwt(JsonObject header, JsonObject payload, String secret) {
    return jwtOfText(header.encode(), payload.encode(), secret);
  }

  /** A token from the JSON text of its parts, for text that a JsonObject would not encode as written (escapes). */
  public static String jwtOfText(String header, String payload, String secret) {
    String signingInput = b64(header) + "." + b64(payload);
    return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmacSha256(secret, signingInput));
  }

  public static Api.Auth bearer(String token) {
    return (request, method, path, body) -> request.header("Authorization", "Bearer " + token);
  }

  /**
   * HMAC as the guide's Python client: the path as given, signed when the request is sent, with the current time as
   * the timestamp. Like a client that signs every request anew, it never sends the same signature twice: the same
   * request signed again within a second gets an earlier second (the service accepts each signed write once; see
   * ReplayTest, which replays on purpose with {@link #hmacAt}).
   */
  public static Api.Auth hmac(String tenantId, String secret) {
    return (request, method, path, body) -> {
      String ts = String.valueOf(unusedSecond(tenantId + "\n" + method + "\n" + path + "\n" + body));
      request.header("X-Tenant-Id", tenantId)
          .header("X-Timestamp", ts)
          .header("X-Signature", signature(secret, method, path, ts, body));
    };
  }

  private static final Map<String, Set<Long>> SIGNED_AT = new HashMap<>();

  private static synchronized long unusedSecond(String canonical) {
    Set<Long> used = SIGNED_AT.computeIfAbsent(canonical, c -> new HashSet<>());
    long second = System.currentTimeMillis() / 1000;
    while (!used.add(second)) {
      second--;
    }
    return second;
  }

  public static Api.Auth hmacAt(String tenantId, String secret, long timestamp) {
    return (request, method, path, body) -> {
      String ts = String.valueOf(timestamp);
      request.header("X-Tenant-Id", tenantId)
          .header("X-Timestamp", ts)
          .header("X-Signature", signature(secret, method, path, ts, body));
    };
  }

  public static String signature(String secret, String method, String path, String timestamp, String body) {
    String canonical = method + "\n" + path + "\n" + timestamp + "\n" + body;
    return "hmac-sha256=" + HexFormat.of().formatHex(hmacSha256(secret, canonical));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code data} under {@code secret}, both UTF-8. */
  static byte[] hmacSha256(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
