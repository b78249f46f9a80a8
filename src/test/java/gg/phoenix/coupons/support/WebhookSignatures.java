package gg.phoenix.coupons.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a delivery's {@code Webhook-Signature: t=<ts>,v1=<hex>[,v1=<hex>]}, written from
 * docs/events.md independently of the service's code: some v1 must be the HMAC-SHA256 of {@code <ts>.<body>}
 * keyed with the endpoint's signing secret.
 */
public final class WebhookSignatures {

  private WebhookSignatures() {
  }

  public static boolean verifies(String secret, String header, String body) {
    String timestamp = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        timestamp = part.substring(2);
      }
    }
    if (timestamp == null) {
      return false;
    }
    byte[] expected = hmac(secret, timestamp + "." + body);
    for (String part : header.split(",")) {
      if (part.startsWith("v1=") && MessageDigest.isEqual(expected, HexFormat.of().parseHex(part.substring(3)))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
