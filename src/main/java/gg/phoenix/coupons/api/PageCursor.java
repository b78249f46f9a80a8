package gg.phoenix.coupons.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a list ends: the sort key of its last item (a timestamp to the microsecond, as PostgreSQL keeps
 * it, and the row's id), which the next page starts after. Callers see it as an opaque token, base64url of
 * {@code <epoch microseconds>:<uuid>}; anything that does not decode is a 400 {@code invalid_cursor}.
 */
public record PageCursor(Instant at, UUID id) {

  public static final ApiError INVALID = ApiError.badRequest("invalid_cursor",
      "cursor must be a next_cursor value as a previous page of this list returned it");
  private static final int MAX_LENGTH = 128;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  public String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor of {@code token}; null for null; {@link #INVALID} for anything that is not one. */
  public static PageCursor decode(String token) {
    if (token == null) {
      return null;
    }
    try {
      if (token.length() > MAX_LENGTH) {
        throw new IllegalArgumentException();
      }
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      int colon = text.indexOf(':');
      long micros = Long.parseLong(text.substring(0, colon));
      UUID id = UUID.fromString(text.substring(colon + 1));
      if (!id.toString().equals(text.substring(colon + 1))) {
        throw new IllegalArgumentException();
      }
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      // every list's sort key is a row's creation time: outside these years a cursor was made up (and PostgreSQL
      // would refuse some of them as out of range)
      if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
        throw new IllegalArgumentException();
      }
      return new PageCursor(at, id);
    } catch (RuntimeException notACursor) {
      throw INVALID.exception();
    }
  }

  /** The timestamp as a statement parameter. */
  public OffsetDateTime atUtc() {
    return Timestamps.utc(at);
  }
}
