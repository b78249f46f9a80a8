package gg.phoenix.coupons.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A fresh tenant seen from webhook tests: registers endpoints through the API (or stores them as rows, the way
 * endpoints registered under other rules are), makes events by redeeming seeded coupons, and reads the
 * deliveries and their attempts back through the API.
 */
public final class WebhookTenant {

  private final Api api;
  private final Seed.Tenant tenant;
  private final UUID item;
  private final Api.Auth server;

  public WebhookTenant(Api api) {
    this.api = api;
    this.tenant = Seed.tenant();
    this.item = Seed.rewardItem(tenant.id());
    this.server = Credentials.hmac(tenant.id(), tenant.secret());
  }

  public String id() {
    return tenant.id();
  }

  public String secret() {
    return tenant.secret();
  }

  public Api.Auth server() {
    return server;
  }

  public String base() {
    return "/v1/coupons/" + tenant.id() + "/webhooks";
  }

  public Api.Response tryRegister(String url) {
    return api.post(base(), new JsonObject().put("url", url).put("event_types", new JsonArray().add("coupon.redeemed")), server);
  }

  /** Registers a coupon.redeemed endpoint through the API; answers the 201 body (with the signing secret). */
  public JsonObject register(String url) {
    Api.Response response = tryRegister(url);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  /** Stores a coupon.redeemed endpoint as a row, past the API's checks; answers its id. */
  public String store(String url) {
    return Seed.webhook(tenant.id(), url).toString();
  }

  /** Redeems a fresh single-use coupon of {@code userId}: one coupon.redeemed event. */
  public JsonObject redeem(String userId) {
    String code = Seed.uniqueCode("HOOK");
    Seed.coupon(tenant.id(), Seed.definition(tenant.id(), item, Seed.DefinitionSpec.singleUse()), userId, code);
    Api.Response response = api.post("/v1/coupons/" + tenant.id() + "/redeem/" + code, new JsonObject().put("user_id", userId), server);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  public JsonObject deliveries(String webhookId) {
    Api.Response response = api.get(base() + "/" + webhookId + "/deliveries", server);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** Every attempt of the endpoint's deliveries, oldest delivery last as the API lists them. */
  public List<JsonObject> attempts(String webhookId) {
    return deliveries(webhookId).getJsonArray("deliveries").stream()
        .flatMap(d -> ((JsonObject) d).getJsonArray("attempts").stream()).map(a -> (JsonObject) a).toList();
  }

  /** Waits until the endpoint has at least {@code n} recorded attempts, and answers them. */
  public List<JsonObject> awaitAttempts(String webhookId, int n, Duration timeout) {
    Streams.until(n + " recorded attempts of webhook " + webhookId, timeout, () -> attempts(webhookId).size() >= n);
    return attempts(webhookId);
  }
}
