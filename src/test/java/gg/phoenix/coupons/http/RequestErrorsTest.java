package gg.phoenix.coupons.http;

import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests the guide does not describe: they still get the one error shape {"error", "message"}. */
@ExtendWith(TestService.class)
class RequestErrorsTest {

  private static final JsonObject BAD_CODE = error("invalid_code", "A coupon code is 1 to 64 characters");

  @Fixture private static Api api;

  @Fixture private TenantFixture t;

  private static void assertStatus(Api.Response response, int status, JsonObject error) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.json()).isEqualTo(error);
  }

  @Test
  @DisplayName("a code of blanks only answers 400 invalid_code, on validate and on redeem")
  void blankCode() {
    assertStatus(api.get(t.path("/validate/%20%20"), t.server()), 400, BAD_CODE);
    assertStatus(api.post(t.path("/redeem/%20"), userBody("user_123"), t.server()), 400, BAD_CODE);
  }

  @Test
  @DisplayName("a code longer than 64 characters answers 400 invalid_code")
  void longCode() {
    assertStatus(api.get(t.path("/validate/" + "A".repeat(65)), t.server()), 400, BAD_CODE);
  }

  @Test
  @DisplayName("an authenticated request for an unknown path answers 404 not_found")
  void unknownPath() {
    assertStatus(api.get(t.path("/nothing-here"), t.server()), 404, error("not_found", "No such resource"));
  }

  @Test
  @DisplayName("a GET on the redeem path answers 404 not_found: only POST redeems")
  void getOnRedeem() {
    assertStatus(api.get(t.path("/redeem/WELCOME8X4F2K9P"), t.server()), 404, error("not_found", "No such resource"));
  }

  @Test
  @DisplayName("an unknown path under a tenant without credentials answers 401 before 404")
  void authBeforeRouting() {
    assertThat(api.get(t.path("/nothing-here"), Api.NONE).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a body over the 64 KiB limit answers 413 payload_too_large")
  void bodyTooLarge() {
    String body = "{\"user_id\": \"user_123\", \"pad\": \"" + "x".repeat(70_000) + "\"}";

    Api.Response response = api.send("POST", t.path("/redeem/WELCOME8X4F2K9P"), body, t.server(), List.of());

    assertStatus(response, 413, error("payload_too_large", "The request body is too large"));
  }
}
