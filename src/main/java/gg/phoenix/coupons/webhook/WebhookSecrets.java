package gg.phoenix.coupons.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * An endpoint's signing secret: {@code whsec_} and 32 random bytes in URL-safe Base64. The prefix tells it apart
 * from a tenant's API secret at a glance; the HMAC key is the whole string, prefix included.
 */
final class WebhookSecrets {

  static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {
  }

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
