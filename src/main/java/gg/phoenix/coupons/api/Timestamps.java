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

  /** The range of {@link #comparable}: four-digit years, which PostgreSQL reads back from Instant.toString. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

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

  /**
   * An ISO-8601 instant that SQL compares as Java does: from the year 0001 to 9999, truncated to the microseconds a
   * timestamptz keeps (rules kept as JSON text are cast inside the statements). Null when {@code text} is no such
   * instant.
   */
  public static Instant comparable(String text) {
    try {
      Instant instant = Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
      return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
