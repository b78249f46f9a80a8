package gg.phoenix.coupons.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Webhook-Signature} header of a delivery: {@code t=<unix seconds>,v1=<hex>}, where the hex is the
 * HMAC-SHA256 of {@code <t>.<body>} keyed with the endpoint's signing secret (docs/events.md). While a rotated
 * secret's overlap lasts, one {@code v1=} per secret, newest first, so a receiver holding either verifies.
 * Nothing here resembles the API's request signature: another header, another string, another secret.
 */
final class DeliverySignature {

  static final String HEADER = "Webhook-Signature";

  private DeliverySignature() {
  }

  static String header(List<String> secrets, long timestamp, byte[] body) {
    StringBuilder header = new StringBuilder("t=").append(timestamp);
    for (String secret : secrets) {
      header.append(",v1=").append(HexFormat.of().formatHex(hmac(secret, timestamp, body)));
    }
    return header.toString();
  }

  private static byte[] hmac(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
