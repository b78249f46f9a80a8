package gg.phoenix.coupons.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as the API shows them: UTC, ISO-8601, whole seconds, with Z ("2025-01-15T10:00:00Z"); the one place
 * that formats them, in Java and in the SQL that builds JSON inside PostgreSQL, and that turns them into statement
 * parameters.
 */
public final class Timestamps {

  /** The to_char pattern of {@link #format}. */
  private static final String SQL_PATTERN = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

  private Timestamps() {
  }

  public static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A timestamptz as read from a row; null for null. */
  public static String format(OffsetDateTime time) {
    return time == null ? null : format(time.toInstant());
  }

  /** SQL that renders the timestamptz {@code column} as {@link #format} does. */
  public static String inSql(String column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', " + SQL_PATTERN + ")";
  }

  /** The instant as a timestamptz statement parameter; null for null. */
  public static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
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
