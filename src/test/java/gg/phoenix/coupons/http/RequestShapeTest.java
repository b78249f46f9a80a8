package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** X-Request-Id, and the error shape of requests no route takes. */
class RequestShapeTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("BODY_LIMIT_BYTES", 2048));

  @Fixture private static Api api;
  /** A random (version 4) UUID, as the service makes request ids. */
  private static final String GENERATED = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  /** X-Request-Id headers seen on messages to the validate address, by the code validated. */
  private static final Map<String, String> SEEN_ON_BUS = new ConcurrentHashMap<>();

  @Fixture private TenantFixture t;

  @BeforeAll
  static void recordRequestIds(Vertx vertx) throws Exception {
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      String address = delivery.message().address(); // the shared address, or its twin on the sender's loop (SameLoop)
      boolean validate = address.equals(Addresses.VALIDATE) || address.startsWith(Addresses.VALIDATE + "@");
      if (validate && delivery.message().body() instanceof JsonObject body) {
        String id = delivery.message().headers().get("X-Request-Id");
        SEEN_ON_BUS.put(body.getString("code"), id == null ? "none" : id);
      }
      delivery.next();
    });
  }

  @Test
  @DisplayName("a request without X-Request-Id gets a generated one back, and the event-bus message carries it")
  void generated() {
    String code = Seed.uniqueCode("RID");

    Api.Response response = api.get(t.path("/validate/" + code), t.server());

    assertThat(response.status()).isEqualTo(200);
    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).matches(GENERATED);
    assertThat(SEEN_ON_BUS.get(code)).isEqualTo(id);
  }

  @Test
  @DisplayName("a caller's X-Request-Id is returned as sent and carried over the event bus")
  void accepted() {
    String code = Seed.uniqueCode("RID");

    Api.Response response = api.send("GET", t.path("/validate/" + code), null, t.server(),
        List.of("X-Request-Id", "game-7f3a.42"));

    assertThat(response.headers().firstValue("X-Request-Id")).contains("game-7f3a.42");
    assertThat(SEEN_ON_BUS.get(code)).isEqualTo("game-7f3a.42");
  }

  @Test
  @DisplayName("an X-Request-Id with spaces or of 200 characters is replaced by a generated one")
  void refused() {
    Api.Response spaced = api.send("GET", "/health/live", null, Api.NONE, List.of("X-Request-Id", "a b"));
    Api.Response tooLong = api.send("GET", "/health/live", null, Api.NONE, List.of("X-Request-Id", "x".repeat(200)));

    assertThat(spaced.headers().firstValue("X-Request-Id").orElseThrow()).matches(GENERATED);
    assertThat(tooLong.headers().firstValue("X-Request-Id").orElseThrow()).matches(GENERATED);
  }

  @Test
  @DisplayName("errors carry X-Request-Id too: an unauthenticated request answers 401 with the header")
  void onErrors() {
    Api.Response response = api.get(t.path("/definitions"), Api.NONE);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  @DisplayName("an unknown route answers 404 {\"error\": \"not_found\", \"message\": \"No such resource\"}")
  void unknownRoute() {
    Api.Response response = api.get("/v2/nothing/here", Api.NONE);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.json()).isEqualTo(new JsonObject().put("error", "not_found").put("message", "No such resource"));
  }

  @Test
  @DisplayName("a body over BODY_LIMIT_BYTES answers 413 {\"error\": \"payload_too_large\", ...}")
  void tooLarge() {
    String body = new JsonObject().put("user_id", "u".repeat(5000)).encode();

    Api.Response response = api.post(t.path("/redeem/ANY"), body, t.server());

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("error", "payload_too_large").put("message", "The request body is too large"));
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
  }
}
