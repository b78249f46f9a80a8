package gg.phoenix.coupons.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one error shape, and how it crosses the event bus: plain logic. */
class ApiErrorTest {

  @Test
  @DisplayName("the caller sees exactly {error, message}")
  void body() {
    assertThat(ApiError.badRequest("invalid_code", "A coupon code is 1 to 64 characters").toJson())
        .isEqualTo(new JsonObject().put("error", "invalid_code").put("message", "A coupon code is 1 to 64 characters"));
  }

  @Test
  @DisplayName("an error read back from its event-bus failure message is the same error, retry_after included")
  void roundTrip() {
    ApiError locked = ApiError.tooManyAttempts(42);
    ApiError missing = ApiError.notFound("coupon_not_found", "Coupon not found");

    assertThat(ApiError.fromFailure(429, locked.toFailure())).isEqualTo(locked);
    assertThat(ApiError.fromFailure(404, missing.toFailure())).isEqualTo(missing);
    assertThat(locked.toJson()).isEqualTo(new JsonObject().put("error", "too_many_attempts")
        .put("message", "Too many unknown codes; try again in 42 seconds"));
  }

  @Test
  @DisplayName("a failure message that is not an error's JSON reads as no error (null)")
  void notAnError() {
    assertThat(ApiError.fromFailure(500, null)).isNull();
    assertThat(ApiError.fromFailure(500, "Timed out")).isNull();
    assertThat(ApiError.fromFailure(500, "{not json")).isNull();
  }
}
