package gg.phoenix.coupons.api;

import java.util.UUID;

/** Ids as requests carry them: text that may or may not be a UUID. */
public final class Ids {

  private Ids() {
  }

  /** The UUID {@code value} spells, or null when it spells none (an unknown id, answered 404 by the caller). */
  public static UUID uuidOrNull(String value) {
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
