package gg.phoenix.coupons.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The guide's request signature, in one place: {@code hmac-sha256=<hex>} of {@code METHOD\nPATH\nTIMESTAMP\nBODY}
 * with the tenant's secret. Incoming requests are verified with it; webhook deliveries are signed otherwise, on purpose
 * (webhook/DeliverySignature), so that no delivery is ever a valid API request.
 */
public final class RequestSigning {

  public static final String PREFIX = "hmac-sha256=";

  private RequestSigning() {
  }

  /** The X-Signature header value for these parts. */
  public static String sign(String secret, String method, String path, String timestamp, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(digest(secret, method, path, timestamp, body));
  }

  /**
   * A name for a signature that does not reveal it: base64url of its SHA-256. Taken of the decoded digest, so
   * {@code hmac-sha256=ABCD...} and {@code hmac-sha256=abcd...} are one signature. Names a signed request in Redis keys.
   */
  public static String id(byte[] signature) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(signature));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The raw HMAC-SHA256 of the canonical string. */
  public static byte[] digest(String secret, String method, String path, String timestamp, byte[] body) {
    return start(secret, method, path, timestamp).doFinal(body);
  }

  /** The HMAC of the canonical string up to its body, for a body that is fed to it as it streams in. */
  public static Mac start(String secret, String method, String path, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((method + "\n" + path + "\n" + timestamp + "\n").getBytes(StandardCharsets.UTF_8));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
