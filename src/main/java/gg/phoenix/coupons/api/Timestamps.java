package gg.phoenix.coupons.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API shows them: UTC, ISO-8601, whole seconds, with Z ("2025-01-15T10:00:00Z"). */
public final class Timestamps {

  private Timestamps() {
  }

  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Parses an ISO-8601 instant; null for null, an exception naming the field for anything else. */
  public static Instant parse(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("invalid_" + field, field + " must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z").exception();
    }
  }
}
