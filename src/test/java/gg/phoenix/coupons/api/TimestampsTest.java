package gg.phoenix.coupons.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Timestamps as the API shows and reads them: plain logic. */
class TimestampsTest {

  @Test
  @DisplayName("an instant is shown in UTC with whole seconds and Z; null stays null")
  void format() {
    assertThat(Timestamps.format(Instant.parse("2025-01-15T10:00:00.987654Z"))).isEqualTo("2025-01-15T10:00:00Z");
    assertThat(Timestamps.format((Instant) null)).isNull();
  }

  @Test
  @DisplayName("an ISO-8601 instant is read; null is no value; anything else is a 400 naming the field")
  void parse() {
    assertThat(Timestamps.parse("expires_at", "2025-12-31T23:59:59Z")).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
    assertThat(Timestamps.parse("expires_at", null)).isNull();
    assertThatThrownBy(() -> Timestamps.parse("expires_at", "2025-13-01T00:00:00Z")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.error()).isEqualTo(ApiError.badRequest("invalid_expires_at",
            "expires_at must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z")));
  }

  @Test
  @DisplayName("a comparable instant is kept to the microsecond, within the years 0001 to 9999; anything else is null")
  void comparable() {
    assertThat(Timestamps.comparable("2026-01-01T00:00:00.1234569Z")).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(Timestamps.comparable("0001-01-01T00:00:00Z")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(Timestamps.comparable("9999-12-31T23:59:59.9999999Z")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    assertThat(Timestamps.comparable("0000-12-31T23:59:59Z")).isNull();
    assertThat(Timestamps.comparable("+10000-01-01T00:00:00Z")).isNull();
    assertThat(Timestamps.comparable("yesterday")).isNull();
  }
}
