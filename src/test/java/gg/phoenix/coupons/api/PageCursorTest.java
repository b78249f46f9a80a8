package gg.phoenix.coupons.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opaque next_cursor token of paged lists: plain logic, no database. */
class PageCursorTest {

  private static String token(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  @DisplayName("a cursor decodes to the same instant, to the microsecond, and the same id")
  void roundTrip() {
    PageCursor cursor = new PageCursor(Instant.parse("2025-01-15T10:00:00.123456Z"), UUID.fromString("3f1d5b9e-2c4a-4e8b-9a6f-0d2c7e1b5a93"));

    assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    assertThat(cursor.encode()).isEqualTo(token("1736935200123456:3f1d5b9e-2c4a-4e8b-9a6f-0d2c7e1b5a93"));
  }

  @Test
  @DisplayName("no cursor (null) decodes to null: the first page")
  void none() {
    assertThat(PageCursor.decode(null)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not base64!", "MTIz", "eyJ9", "%00"})
  @DisplayName("text that is no cursor is a 400 invalid_cursor")
  void garbage(String token) {
    assertThatThrownBy(() -> PageCursor.decode(token)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.error()).isEqualTo(PageCursor.INVALID));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1:1-1-1-1-1", "-1:3f1d5b9e-2c4a-4e8b-9a6f-0d2c7e1b5a93", "253402300800000000:3f1d5b9e-2c4a-4e8b-9a6f-0d2c7e1b5a93",
      "x:3f1d5b9e-2c4a-4e8b-9a6f-0d2c7e1b5a93", "1:3F1D5B9E-2C4A-4E8B-9A6F-0D2C7E1B5A93"})
  @DisplayName("a made-up cursor (a lax UUID, a time before 1970 or after 9999, not a number) is a 400 invalid_cursor")
  void madeUp(String text) {
    assertThatThrownBy(() -> PageCursor.decode(token(text))).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.error()).isEqualTo(PageCursor.INVALID));
  }

  @Test
  @DisplayName("a token longer than 128 characters is a 400 invalid_cursor before it is decoded")
  void tooLong() {
    assertThatThrownBy(() -> PageCursor.decode("A".repeat(129))).isInstanceOf(ApiException.class);
  }
}
