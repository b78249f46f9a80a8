package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tenants share one sender of 4 slots, at most 2 per tenant: one tenant's endpoint holds every request until
 * the sender gives up (the timeout) and has a queue of deliveries; the other tenant's endpoint answers at once.
 */
class WebhookFairnessTest {

  private static final int TIMEOUT_MS = 3000;
  private static final int PER_TENANT = 2;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_CONCURRENCY", 4)
      .put("WEBHOOK_TENANT_CONCURRENCY", PER_TENANT)
      .put("WEBHOOK_TIMEOUT_MS", TIMEOUT_MS)
      .put("WEBHOOK_RETRY_BASE_MS", 600_000)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver receiver;

  @Test
  @DisplayName("a tenant whose endpoint hangs holds at most its own slots, and another tenant's deliveries arrive within one attempt's time")
  void slowTenantDoesNotDelayAnother() {
    WebhookTenant slow = new WebhookTenant(api);
    WebhookTenant fast = new WebhookTenant(api);
    slow.register(receiver.url("/fair/slow", n -> WebhookReceiver.HANG));
    fast.register(receiver.url("/fair/fast", n -> 204));
    for (int i = 0; i < 12; i++) {
      slow.redeem("slow_" + i);
    }
    Streams.until("the slow endpoint holds requests", Duration.ofSeconds(15), () -> !receiver.received("/fair/slow").isEmpty());

    long sent = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      fast.redeem("fast_" + i);
    }
    Streams.until("the fast tenant's deliveries", Duration.ofSeconds(30), () -> receiver.received("/fair/fast").size() == 3);

    long slowest = receiver.received("/fair/fast").stream().mapToLong(r -> r.atMillis() - sent).max().orElseThrow();
    assertThat(slowest).as("ms from the fast tenant's redemptions to its last delivery").isLessThan(TIMEOUT_MS);
    Streams.sleep(TIMEOUT_MS);
    List<WebhookReceiver.Received> held = receiver.received("/fair/slow");
    for (WebhookReceiver.Received request : held) {
      long concurrent = held.stream().filter(r -> r.atMillis() <= request.atMillis() && r.atMillis() > request.atMillis() - TIMEOUT_MS * 2 / 3).count();
      assertThat(concurrent).as("slow-endpoint requests held at once").isLessThanOrEqualTo(PER_TENANT);
    }
    assertThat(held).hasSizeGreaterThanOrEqualTo(PER_TENANT);
  }
}
