package gg.phoenix.coupons.webhook;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookSignatures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook endpoints through the API, and deliveries to a real local HTTP receiver. */
class WebhookTest {

  private static final int TIMEOUT_MS = 1500;
  private static final int RETRY_BASE_MS = 300;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_TIMEOUT_MS", TIMEOUT_MS)
      .put("WEBHOOK_RETRY_BASE_MS", RETRY_BASE_MS)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver receiver;
  @Fixture private static Streams streams;

  /** A fresh tenant for each test, with the guide's reward item. */
  @Fixture private TenantFixture t;

  private String base() {
    return "/v1/coupons/" + t.id() + "/webhooks";
  }

  private JsonObject register(String url, String... types) {
    Api.Response response = api.post(base(), new JsonObject().put("url", url).put("event_types", new JsonArray(List.of((Object[]) types))), t.hmac());
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private JsonObject redeem(String userId) {
    String code = Seed.uniqueCode("WELCOME");
    Seed.coupon(t.id(), Seed.definition(t.id(), t.item, DefinitionSpec.singleUse()), userId, code);
    Api.Response response = api.post("/v1/coupons/" + t.id() + "/redeem/" + code, new JsonObject().put("user_id", userId), t.hmac());
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  private JsonObject deliveries(String webhookId) {
    Api.Response response = api.get(base() + "/" + webhookId + "/deliveries", t.hmac());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  @Test
  @DisplayName("a webhook is registered, listed and deleted with HMAC-signed requests; deleting it again is 404")
  void registerListDelete() {
    String url = receiver.url("/hooks/crud", n -> 200);

    JsonObject created = register(url, "coupon.redeemed", "coupon.redemption_rolled_back", "coupon.redeemed");

    assertThat(created.getString("url")).isEqualTo(url);
    assertThat(created.getString("tenant_id")).isEqualTo(t.id());
    assertThat(created.getJsonArray("event_types")).isEqualTo(new JsonArray().add("coupon.redeemed").add("coupon.redemption_rolled_back"));
    assertThat(created.getString("status")).isEqualTo("active");
    assertThat(created.getString("signing_secret")).startsWith("whsec_").hasSize(49);
    JsonObject listed = api.get(base(), t.hmac()).json();
    assertThat(listed.getInteger("total")).isEqualTo(1);
    created.remove("signing_secret");
    assertThat(listed.getJsonArray("webhooks").getJsonObject(0)).isEqualTo(created);

    assertThat(api.send("DELETE", base() + "/" + created.getString("id"), null, t.hmac(), List.of()).status()).isEqualTo(204);
    assertThat(api.get(base(), t.hmac()).json()).isEqualTo(new JsonObject().put("webhooks", new JsonArray()).put("total", 0));
    Api.Response again = api.send("DELETE", base() + "/" + created.getString("id"), null, t.hmac(), List.of());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json()).isEqualTo(new JsonObject().put("error", "webhook_not_found").put("message", "Webhook not found"));
  }

  @Test
  @DisplayName("webhook endpoints refuse tenant JWTs with 403, and bad URLs or event types with 400")
  void serverOnlyAndValidation() {
    Api.Auth jwt = bearer(tenantJwt(t.id(), t.tenant.secret(), null, 3600));
    JsonObject valid = new JsonObject().put("url", receiver.url("/hooks/x", n -> 200)).put("event_types", new JsonArray().add("coupon.redeemed"));

    assertThat(api.post(base(), valid, jwt).status()).isEqualTo(403);
    assertThat(api.get(base(), jwt).status()).isEqualTo(403);
    assertThat(api.post(base(), valid.copy().put("url", "ftp://example.com/x"), t.hmac()).json().getString("error")).isEqualTo("invalid_url");
    assertThat(api.post(base(), valid.copy().put("url", "/relative"), t.hmac()).status()).isEqualTo(400);
    assertThat(api.post(base(), valid.copy().put("event_types", new JsonArray()), t.hmac()).json().getString("error")).isEqualTo("invalid_event_types");
    assertThat(api.post(base(), valid.copy().put("event_types", new JsonArray().add("coupon.nope")), t.hmac()).status()).isEqualTo(400);
    assertThat(api.get(base() + "/" + UUID.randomUUID() + "/deliveries", t.hmac()).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a delivery POSTs the event signed with the endpoint's own secret in Webhook-Signature, never with the tenant secret or the API's X-Signature")
  void signedDelivery() {
    String url = receiver.url("/hooks/signed?studio=42", n -> 204);
    String signingSecret = register(url, "coupon.redeemed").getString("signing_secret");

    JsonObject answer = redeem("user_1");
    Streams.until("the receiver got the event", Duration.ofSeconds(10), () -> !receiver.received("/hooks/signed").isEmpty());

    WebhookReceiver.Received got = receiver.received("/hooks/signed").get(0);
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.uri()).isEqualTo("/hooks/signed?studio=42");
    assertThat(got.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(got.headers().get("X-Tenant-Id")).isEqualTo(t.id());
    assertThat(got.headers().contains("X-Signature")).isFalse();
    assertThat(got.headers().contains("X-Timestamp")).isFalse();
    String signature = got.headers().get("Webhook-Signature");
    assertThat(signature).matches("t=[0-9]+,v1=[0-9a-f]{64}");
    long timestamp = Long.parseLong(signature.substring(2, signature.indexOf(',')));
    assertThat(Math.abs(timestamp - System.currentTimeMillis() / 1000)).isLessThan(300);
    assertThat(WebhookSignatures.verifies(signingSecret, signature, got.body())).isTrue();
    assertThat(WebhookSignatures.verifies(t.tenant.secret(), signature, got.body())).isFalse();
    assertThat(WebhookSignatures.verifies(signingSecret, signature, got.body() + " ")).isFalse();
    JsonObject event = new JsonObject(got.body());
    assertThat(event.getString("type")).isEqualTo("coupon.redeemed");
    assertThat(event.getString("redemption_id")).isEqualTo(answer.getString("redemption_id"));
    assertThat(got.headers().get("X-Event-Id")).isEqualTo(event.getString("event_id"));
    String onStream = streams.await(t.id(), e -> e.size() == 1, Duration.ofSeconds(5)).get(0).eventId();
    assertThat(event.getString("event_id")).isEqualTo(onStream);
  }

  @Test
  @DisplayName("an endpoint whose stored signing secret does not open (a sealed value moved from another endpoint) is rotated with the default overlap: 200, a new secret that signs its deliveries, no previous one")
  void rotatingAnUnreadableSecret() {
    String url = receiver.url("/hooks/unreadable", n -> 204);
    String broken = register(url, "coupon.redeemed").getString("id");
    String other = register(receiver.url("/hooks/other", n -> 204), "coupon.redeemed").getString("id");
    Seed.update("UPDATE webhooks SET signing_secret_enc = (SELECT signing_secret_enc FROM webhooks WHERE id = ?) WHERE id = ?",
        UUID.fromString(other), UUID.fromString(broken));

    Api.Response rotated = api.post(base() + "/" + broken + "/secret/rotate", new JsonObject(), t.hmac());

    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(rotated.json().getString("previous_secret_valid_until")).isNull();
    String secret = rotated.json().getString("signing_secret");
    redeem("user_1");
    Streams.until("the receiver got the event", Duration.ofSeconds(10), () -> !receiver.received("/hooks/unreadable").isEmpty());
    WebhookReceiver.Received got = receiver.received("/hooks/unreadable").get(0);
    assertThat(got.headers().get("Webhook-Signature")).matches("t=[0-9]+,v1=[0-9a-f]{64}");
    assertThat(WebhookSignatures.verifies(secret, got.headers().get("Webhook-Signature"), got.body())).isTrue();
  }

  @Test
  @DisplayName("an endpoint answering 500 is retried with growing delays until it answers 200, and every attempt is listed")
  void retriesAfterServerErrors() {
    String url = receiver.url("/hooks/flaky", n -> n <= 2 ? 500 : 200);
    JsonObject hook = register(url, "coupon.redeemed");

    redeem("user_1");
    Streams.until("three attempts", Duration.ofSeconds(15), () -> receiver.received("/hooks/flaky").size() >= 3);
    Streams.until("the delivery is recorded as delivered", Duration.ofSeconds(5),
        () -> "delivered".equals(deliveries(hook.getString("id")).getJsonArray("deliveries").getJsonObject(0).getString("status")));

    List<WebhookReceiver.Received> got = receiver.received("/hooks/flaky");
    assertThat(got).hasSize(3);
    assertThat(got.stream().map(r -> r.headers().get("X-Event-Id")).distinct()).hasSize(1);
    assertThat(got.stream().map(r -> r.headers().get("X-Delivery-Attempt")).toList()).containsExactly("1", "2", "3");
    long firstGap = got.get(1).atMillis() - got.get(0).atMillis();
    long secondGap = got.get(2).atMillis() - got.get(1).atMillis();
    assertThat(firstGap).isGreaterThanOrEqualTo(RETRY_BASE_MS - 50);
    assertThat(secondGap).isGreaterThanOrEqualTo(2 * RETRY_BASE_MS - 50);

    JsonObject listed = deliveries(hook.getString("id"));
    assertThat(listed.getInteger("total")).isEqualTo(1);
    JsonObject delivery = listed.getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getString("event_type")).isEqualTo("coupon.redeemed");
    assertThat(delivery.getString("event_id")).isEqualTo(got.get(0).headers().get("X-Event-Id"));
    assertThat(delivery.getInteger("attempt_count")).isEqualTo(3);
    assertThat(delivery.getJsonArray("attempts").stream().map(a -> ((JsonObject) a).getInteger("status_code")).toList())
        .containsExactly(500, 500, 200);
    assertThat(delivery.getJsonArray("attempts").getJsonObject(0).getString("error")).isEqualTo("http_5xx");
    assertThat(delivery.getJsonArray("attempts").getJsonObject(2).getValue("error")).isNull();
    assertThat(delivery.getString("completed_at")).isNotNull();
  }

  @Test
  @DisplayName("an endpoint that never answers does not slow redemptions; its attempts time out and are retried")
  void hangingEndpoint() {
    String url = receiver.url("/hooks/hang", n -> WebhookReceiver.HANG);
    JsonObject hook = register(url, "coupon.redeemed");
    redeem("warm_up");
    Streams.until("the endpoint holds a request", Duration.ofSeconds(10), () -> !receiver.received("/hooks/hang").isEmpty());

    long started = System.nanoTime();
    long slowest = 0;
    for (int i = 0; i < 10; i++) {
      long one = System.nanoTime();
      redeem("user_" + i);
      slowest = Math.max(slowest, System.nanoTime() - one);
    }
    Duration all = Duration.ofNanos(System.nanoTime() - started);

    // each redemption waiting on its webhook would take at least the webhook timeout
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(TIMEOUT_MS / 2));
    assertThat(all).isLessThan(Duration.ofMillis(TIMEOUT_MS));
    assertThat(streams.await(t.id(), e -> e.size() == 11, Duration.ofSeconds(5))).hasSize(11);

    Streams.until("a timed-out attempt is recorded", Duration.ofSeconds(10), () -> deliveries(hook.getString("id"))
        .getJsonArray("deliveries").stream().map(d -> ((JsonObject) d).getJsonArray("attempts"))
        .anyMatch(attempts -> !attempts.isEmpty()));
    JsonObject attempt = deliveries(hook.getString("id")).getJsonArray("deliveries").stream()
        .map(d -> ((JsonObject) d).getJsonArray("attempts")).filter(a -> !a.isEmpty()).findFirst().orElseThrow().getJsonObject(0);
    assertThat(attempt.getValue("status_code")).isNull();
    assertThat(attempt.getString("error")).isEqualTo("timeout");
    assertThat(attempt.getInteger("duration_ms")).isGreaterThanOrEqualTo(TIMEOUT_MS - 100);
  }

  @Test
  @DisplayName("a delivery in flight when its endpoint is deleted is not retried: its attempt is recorded, the delivery stays failed and nothing more is sent")
  void deletedWhileInFlight() {
    String url = receiver.url("/hooks/deleted-in-flight", n -> WebhookReceiver.HANG);
    String hook = register(url, "coupon.redeemed").getString("id");
    redeem("user_1");
    Streams.until("the endpoint holds the first attempt", Duration.ofSeconds(10),
        () -> !receiver.received("/hooks/deleted-in-flight").isEmpty());

    assertThat(api.send("DELETE", base() + "/" + hook, null, t.hmac(), List.of()).status()).isEqualTo(204);
    Streams.until("the attempt in flight is recorded", Duration.ofSeconds(10), () -> deliveries(hook)
        .getJsonArray("deliveries").getJsonObject(0).getJsonArray("attempts").size() == 1);
    Streams.sleep(4L * RETRY_BASE_MS + TIMEOUT_MS);

    JsonObject delivery = deliveries(hook).getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getString("status")).isEqualTo("failed");
    assertThat(delivery.getInteger("attempt_count")).isEqualTo(1);
    assertThat(receiver.received("/hooks/deleted-in-flight")).hasSize(1);
  }

  @Test
  @DisplayName("a pending delivery of a deleted endpoint (fanned out by a relay whose transaction overlapped the deletion) is closed as failed, never sent")
  void pendingDeliveryOfDeletedEndpoint() {
    String hook = register(receiver.url("/hooks/deleted-before-send", n -> 204), "coupon.redeemed").getString("id");
    assertThat(api.send("DELETE", base() + "/" + hook, null, t.hmac(), List.of()).status()).isEqualTo(204);
    // what a relay's fan-out that read the endpoint as active before the deletion committed leaves behind
    Seed.update("INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload) "
        + "VALUES (?, ?, ?, 'coupon.redeemed', '{}'::jsonb)", UUID.fromString(hook), t.id(), UUID.randomUUID());

    Streams.until("the sender dealt with the delivery", Duration.ofSeconds(10),
        () -> !"pending".equals(Seed.scalar("SELECT status FROM webhook_deliveries WHERE webhook_id = ?", UUID.fromString(hook))));
    Streams.sleep(300);

    JsonObject delivery = deliveries(hook).getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getString("status")).isEqualTo("failed");
    assertThat(delivery.getJsonArray("attempts")).isEmpty();
    assertThat(receiver.received("/hooks/deleted-before-send")).isEmpty();
  }

  @Test
  @DisplayName("an endpoint gets only the event types it registered for, and nothing once deleted")
  void onlyRegisteredTypes() {
    String rolledBackOnly = receiver.url("/hooks/rollbacks", n -> 200);
    register(rolledBackOnly, "coupon.redemption_rolled_back");
    String redeemedUrl = receiver.url("/hooks/redeemed-then-deleted", n -> 200);
    JsonObject deleted = register(redeemedUrl, "coupon.redeemed");
    assertThat(api.send("DELETE", base() + "/" + deleted.getString("id"), null, t.hmac(), List.of()).status()).isEqualTo(204);

    redeem("user_1");
    streams.await(t.id(), e -> e.size() == 1, Duration.ofSeconds(5));
    Streams.sleep(500);

    assertThat(receiver.received("/hooks/rollbacks")).isEmpty();
    assertThat(receiver.received("/hooks/redeemed-then-deleted")).isEmpty();
    assertThat(Seed.count("SELECT count(*) FROM webhook_deliveries WHERE tenant_id = ?", t.id())).isZero();
  }
}
