package gg.phoenix.coupons.support;

import java.security.MessageDigest;
import java.util.HexFormat;

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
    byte[] expected = Credentials.hmacSha256(secret, timestamp + "." + body);
    for (String part : header.split(",")) {
      if (part.startsWith("v1=") && MessageDigest.isEqual(expected, HexFormat.of().parseHex(part.substring(3)))) {
        return true;
      }
    }
    return false;
  }
}
