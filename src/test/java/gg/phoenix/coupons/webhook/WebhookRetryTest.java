package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POST .../webhooks/{id}/deliveries/{delivery_id}/retry: a delivery waiting for its next attempt, or given up, is
 * sent at once; never twice at the same time.
 */
class WebhookRetryTest {

  private static final int TIMEOUT_MS = 2000;
  /** Long enough that a delivery sent again within a test was sent by the retry, not by the schedule. */
  private static final int RETRY_BASE_MS = 120_000;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_TIMEOUT_MS", TIMEOUT_MS)
      .put("WEBHOOK_RETRY_BASE_MS", RETRY_BASE_MS)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver receiver;

  @Fixture private TenantFixture t;

  private String base() {
    return "/v1/coupons/" + t.id() + "/webhooks";
  }

  private String register(String url) {
    Api.Response response = api.post(base(), new JsonObject().put("url", url)
        .put("event_types", new JsonArray().add("coupon.redeemed")), t.hmac());
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().getString("id");
  }

  private void redeem(String userId) {
    String code = Seed.uniqueCode("RETRY");
    Seed.coupon(t.id(), Seed.definition(t.id(), t.item, DefinitionSpec.singleUse()), userId, code);
    Api.Response response = api.post("/v1/coupons/" + t.id() + "/redeem/" + code, new JsonObject().put("user_id", userId), t.hmac());
    assertThat(response.status()).isEqualTo(200);
  }

  /** The endpoint's one delivery; an empty one until the relay has made it. */
  private JsonObject delivery(String hook) {
    Api.Response response = api.get(base() + "/" + hook + "/deliveries", t.hmac());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonArray deliveries = response.json().getJsonArray("deliveries");
    return deliveries.isEmpty() ? new JsonObject().put("attempts", new JsonArray()) : deliveries.getJsonObject(0);
  }

  private Api.Response retry(String hook, String deliveryId) {
    return api.send("POST", base() + "/" + hook + "/deliveries/" + deliveryId + "/retry", null, t.hmac(), List.of());
  }

  /** An endpoint answering 500 at first, then 200; answers its id once the first attempt is recorded. */
  private String failedOnce(String path) {
    String hook = register(receiver.url(path, n -> n == 1 ? 500 : 200));
    redeem("user_1");
    Streams.until("the first attempt is recorded", Duration.ofSeconds(10), () -> delivery(hook).getJsonArray("attempts").size() == 1);
    return hook;
  }

  @Test
  @DisplayName("a delivery waiting minutes for its next attempt is sent at once by a retry, which answers it pending and due, and is audited")
  void retryPending() {
    String hook = failedOnce("/hooks/retry-pending");
    JsonObject waiting = delivery(hook);
    assertThat(waiting.getString("status")).isEqualTo("pending");

    Api.Response retried = retry(hook, waiting.getString("id"));

    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().getString("id")).isEqualTo(waiting.getString("id"));
    assertThat(retried.json().getString("status")).isEqualTo("pending");
    Streams.until("the retry is delivered", Duration.ofSeconds(10), () -> "delivered".equals(delivery(hook).getString("status")));
    assertThat(receiver.received("/hooks/retry-pending").stream().map(r -> r.headers().get("X-Delivery-Attempt")).toList())
        .containsExactly("1", "2");
    JsonObject entry = api.get("/v1/coupons/" + t.id() + "/audit", t.hmac()).json().getJsonArray("entries").getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("webhooks.deliveries.retry");
    assertThat(entry.getString("target_id")).isEqualTo(waiting.getString("id"));
    assertThat(entry.getString("actor")).isEqualTo("server:hmac");
  }

  @Test
  @DisplayName("a retry naming the delivery in another spelling of its id (upper case, leading zeros dropped) is audited under the id the deliveries list shows")
  void retryAuditedUnderItsId() {
    String hook = failedOnce("/hooks/retry-spelling");
    String id = delivery(hook).getString("id");
    String[] groups = id.toUpperCase(java.util.Locale.ROOT).split("-");
    StringBuilder spelled = new StringBuilder();
    for (String group : groups) {
      String stripped = group.replaceFirst("^0+(?=.)", "");
      spelled.append(spelled.isEmpty() ? "" : "-").append(stripped);
    }

    Api.Response retried = retry(hook, spelled.toString());

    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().getString("id")).isEqualTo(id);
    JsonObject entry = api.get("/v1/coupons/" + t.id() + "/audit", t.hmac()).json().getJsonArray("entries").getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("webhooks.deliveries.retry");
    assertThat(entry.getString("target_id")).isEqualTo(id);
  }

  @Test
  @DisplayName("a given-up (failed) delivery is pending again after a retry and delivered")
  void retryFailed() {
    String hook = failedOnce("/hooks/retry-failed");
    String id = delivery(hook).getString("id");
    Seed.update("UPDATE webhook_deliveries SET status = 'failed', completed_at = now() WHERE id = ? AND tenant_id = ?",
        UUID.fromString(id), t.id());

    assertThat(retry(hook, id).json().getString("status")).isEqualTo("pending");

    Streams.until("the retry is delivered", Duration.ofSeconds(10), () -> "delivered".equals(delivery(hook).getString("status")));
    assertThat(delivery(hook).getInteger("attempt_count")).isEqualTo(2);
    assertThat(receiver.received("/hooks/retry-failed")).hasSize(2);
  }

  @Test
  @DisplayName("a retry while an attempt is under way makes no second concurrent request: 200 pending, and the endpoint still holds one request")
  void retryDuringAttempt() {
    String hook = register(receiver.url("/hooks/retry-in-flight", n -> WebhookReceiver.HANG));
    redeem("user_1");
    Streams.until("the endpoint holds the first attempt", Duration.ofSeconds(10),
        () -> !receiver.received("/hooks/retry-in-flight").isEmpty());
    String id = delivery(hook).getString("id");

    Api.Response first = retry(hook, id);
    Api.Response second = retry(hook, id);
    Streams.sleep(TIMEOUT_MS / 2);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().getString("status")).isEqualTo("pending");
    assertThat(receiver.received("/hooks/retry-in-flight")).hasSize(1);
    Streams.until("the attempt times out and is recorded", Duration.ofSeconds(10),
        () -> delivery(hook).getJsonArray("attempts").size() == 1);
    assertThat(delivery(hook).getInteger("attempt_count")).isEqualTo(1);
    assertThat(receiver.received("/hooks/retry-in-flight")).hasSize(1);
  }

  @Test
  @DisplayName("retrying a delivered delivery is 409 delivery_already_delivered and sends nothing")
  void retryDelivered() {
    String hook = register(receiver.url("/hooks/retry-delivered", n -> 200));
    redeem("user_1");
    Streams.until("delivered", Duration.ofSeconds(10), () -> "delivered".equals(delivery(hook).getString("status")));

    Api.Response retried = retry(hook, delivery(hook).getString("id"));

    assertThat(retried.status()).isEqualTo(409);
    assertThat(retried.json()).isEqualTo(new JsonObject().put("error", "delivery_already_delivered")
        .put("message", "The delivery has already been delivered"));
    Streams.sleep(300);
    assertThat(receiver.received("/hooks/retry-delivered")).hasSize(1);
  }

  @Test
  @DisplayName("another tenant's webhook and delivery ids, an unknown delivery and a malformed id are 404 delivery_not_found and change nothing")
  void retryOthers() {
    String hook = failedOnce("/hooks/retry-foreign");
    JsonObject before = delivery(hook);
    String id = before.getString("id");
    Seed.Tenant other = Seed.tenant();
    Api.Auth otherServer = Credentials.hmac(other.id(), other.secret());
    JsonObject notFound = new JsonObject().put("error", "delivery_not_found").put("message", "Webhook delivery not found");

    Api.Response foreign = api.send("POST",
        "/v1/coupons/" + other.id() + "/webhooks/" + hook + "/deliveries/" + id + "/retry", null, otherServer, List.of());
    Api.Response unknown = retry(hook, UUID.randomUUID().toString());
    Api.Response malformed = retry(hook, "not-a-uuid");

    for (Api.Response response : List.of(foreign, unknown, malformed)) {
      assertThat(response.status()).as(response.body()).isEqualTo(404);
      assertThat(response.json()).isEqualTo(notFound);
    }
    assertThat(delivery(hook).getString("next_attempt_at")).isEqualTo(before.getString("next_attempt_at"));
    assertThat(receiver.received("/hooks/retry-foreign")).hasSize(1);
  }

  @Test
  @DisplayName("a delivery of a deleted endpoint is not retried: 404 webhook_not_found")
  void retryDeletedEndpoint() {
    String hook = failedOnce("/hooks/retry-deleted");
    String id = delivery(hook).getString("id");
    assertThat(api.send("DELETE", base() + "/" + hook, null, t.hmac(), List.of()).status()).isEqualTo(204);

    Api.Response retried = retry(hook, id);

    assertThat(retried.status()).isEqualTo(404);
    assertThat(retried.json().getString("error")).isEqualTo("webhook_not_found");
    assertThat(delivery(hook).getString("status")).isEqualTo("failed");
  }
}
