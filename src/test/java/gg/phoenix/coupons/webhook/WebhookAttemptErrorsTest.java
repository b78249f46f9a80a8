package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a tenant reads about failed attempts: a category per failure, never the exception text the sender saw,
 * which names addresses and ports (a port-scan oracle into whatever the sender can reach).
 */
class WebhookAttemptErrorsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_TIMEOUT_MS", 1500)
      .put("WEBHOOK_RETRY_BASE_MS", 60_000)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver receiver;
  private static HttpServer tls;

  @BeforeAll
  static void startTlsServer(Vertx vertx) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    tls = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(request -> request.response().end());
    tls.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void close() throws Exception {
    tls.close().await(10, TimeUnit.SECONDS);
  }

  /** The single attempt of the webhook's single delivery, after one redemption. */
  private static JsonObject onlyAttempt(String url) {
    WebhookTenant tenant = new WebhookTenant(api);
    String webhook = tenant.register(url).getString("id");
    tenant.redeem("user_1");
    JsonObject attempt = tenant.awaitAttempts(webhook, 1, Duration.ofSeconds(15)).get(0);
    String shown = tenant.deliveries(webhook).encode();
    assertThat(shown).doesNotContain("127.0.0.1").doesNotContain("Exception").doesNotContain("Connection")
        .doesNotContain(url.substring(url.lastIndexOf(':') + 1, url.indexOf('/', url.lastIndexOf(':'))));
    return attempt;
  }

  @Test
  @DisplayName("a closed port reads refused, with no status code and nothing about the address or port")
  void closedPort() throws Exception {
    JsonObject attempt = onlyAttempt("http://127.0.0.1:" + TestApp.freePort() + "/hooks/closed");

    assertThat(attempt.getString("error")).isEqualTo("refused");
    assertThat(attempt.getValue("status_code")).isNull();
  }

  @Test
  @DisplayName("an endpoint with a certificate nobody trusts reads tls_error")
  void untrustedCertificate() {
    JsonObject attempt = onlyAttempt("https://127.0.0.1:" + tls.actualPort() + "/hooks/tls");

    assertThat(attempt.getString("error")).isEqualTo("tls_error");
  }

  @Test
  @DisplayName("a 404 reads http_4xx and a redirect http_3xx, and the redirect is not followed")
  void statusClasses() {
    String target = receiver.url("/hooks/redirect-target", n -> 200);
    JsonObject notFound = onlyAttempt(receiver.url("/hooks/missing", n -> 404));
    JsonObject redirect = onlyAttempt(receiver.redirect("/hooks/moved", target));

    assertThat(notFound.getString("error")).isEqualTo("http_4xx");
    assertThat(notFound.getInteger("status_code")).isEqualTo(404);
    assertThat(redirect.getString("error")).isEqualTo("http_3xx");
    assertThat(redirect.getInteger("status_code")).isEqualTo(302);
    assertThat(receiver.received("/hooks/moved")).hasSize(1);
    assertThat(receiver.received("/hooks/redirect-target")).isEmpty();
  }
}
