package gg.phoenix.coupons.audit;

import static gg.phoenix.coupons.support.ConsoleClient.ADMIN;
import static gg.phoenix.coupons.support.Credentials.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.ConsoleClient;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log: every management change, whoever made it, and nothing else. */
class AuditLogTest {


  @RegisterExtension
  static final TestService SERVICE = TestService.with(ConsoleClient.serviceConfig().put("WEBHOOK_ALLOW_PRIVATE_TARGETS", true));

  @Fixture private static Api api;

  private static JsonArray entries(Studio studio) {
    Api.Response page = studio.get("/audit");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return page.json().getJsonArray("entries");
  }

  @Test
  @DisplayName("a signed server's change of a definition is recorded with who, what, the definition before and after, and the request id")
  void serverChange() {
    Studio studio = Studio.create(api);
    String id = studio.definition(new JsonObject().put("coupon_type", "single_use")).getString("id");

    Api.Response paused = api.send("PATCH", studio.path("/definitions/" + id), new JsonObject().put("status", "paused").encode(),
        studio.server, List.of("X-Request-Id", "req-audit-1"));
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);

    JsonObject latest = entries(studio).getJsonObject(0);
    assertThat(latest.getString("actor")).isEqualTo("server:hmac");
    assertThat(latest.getString("action")).isEqualTo("manage.definitions.update");
    assertThat(latest.getString("target_id")).isEqualTo(id);
    assertThat(latest.getJsonObject("before").getString("status")).isEqualTo("active");
    assertThat(latest.getJsonObject("after").getString("status")).isEqualTo("paused");
    assertThat(latest.getString("request_id")).isEqualTo("req-audit-1");
    assertThat(latest.getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(entries(studio).stream().map(e -> ((JsonObject) e).getString("action")))
        .containsExactly("manage.definitions.update", "manage.definitions.create", "manage.reward-items.create");
  }

  @Test
  @DisplayName("reads and refused changes are not recorded")
  void onlyChanges() {
    Studio studio = Studio.create(api);
    studio.get("/definitions");
    studio.get("/reward-items");
    assertThat(studio.post("/definitions", new JsonObject().put("name", "no config")).status()).isEqualTo(400);

    assertThat(entries(studio)).isEmpty();
  }

  @Test
  @DisplayName("console users' and the operator's changes are recorded under their names, without invitation links or webhook secrets")
  void consoleAndOperator() {
    Studio studio = Studio.create(api);
    ConsoleClient owner = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "owner");
    String email = owner.get("/session").json().getString("email");

    Api.Response item = owner.post("/reward-items", new JsonObject().put("name", "Gems").put("reward_type", "currency")
        .put("payload", new JsonObject().put("amount", 5)));
    assertThat(item.status()).as(item.body()).isEqualTo(201);
    Api.Response hook = owner.post("/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/hook")
        .put("event_types", new JsonArray().add("coupon.redeemed")));
    assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    assertThat(hook.json().getString("signing_secret")).isNotBlank();

    Api.Response page = owner.get("/audit");
    assertThat(page.status()).isEqualTo(200);
    JsonArray entries = page.json().getJsonArray("entries");
    assertThat(entries.getJsonObject(0).getString("actor")).isEqualTo("console:" + email);
    assertThat(entries.getJsonObject(0).getString("action")).isEqualTo("webhooks.create");
    assertThat(entries.getJsonObject(1).getString("action")).isEqualTo("manage.reward-items.create");
    JsonObject invitation = entries.getJsonObject(entries.size() - 1);
    assertThat(invitation.getString("actor")).isEqualTo("operator");
    assertThat(invitation.getString("action")).isEqualTo("console.users.invite");
    assertThat(page.body()).doesNotContain(hook.json().getString("signing_secret")).doesNotContain("invitation_url")
        .doesNotContain("#token=");
  }

  @Test
  @DisplayName("the log pages newest first by keyset cursor, and shows a tenant only its own entries")
  void paging() {
    Studio studio = Studio.create(api);
    Studio other = Studio.create(api);
    for (int i = 0; i < 3; i++) {
      studio.post("/reward-items", new JsonObject().put("name", "Item " + i).put("reward_type", "points")
          .put("payload", new JsonObject().put("amount", i)));
    }

    JsonObject first = studio.get("/audit?limit=2").json();
    JsonObject second = studio.get("/audit?limit=2&cursor=" + first.getString("next_cursor")).json();

    assertThat(first.getLong("total")).isEqualTo(3);
    assertThat(first.getJsonArray("entries")).hasSize(2);
    assertThat(first.getJsonArray("entries").getJsonObject(0).getJsonObject("after").getString("name")).isEqualTo("Item 2");
    assertThat(second.getJsonArray("entries")).hasSize(1);
    assertThat(second.getJsonArray("entries").getJsonObject(0).getJsonObject("after").getString("name")).isEqualTo("Item 0");
    assertThat(second.getString("next_cursor")).isNull();
    assertThat(entries(other)).isEmpty();
    assertThat(studio.get("/audit?cursor=nonsense").json().getString("error")).isEqualTo("invalid_cursor");
    assertThat(api.get(studio.path("/audit"), bearer(gg.phoenix.coupons.support.Credentials.tenantJwt(studio.tenantId,
        studio.secret, "player-1", 60))).status()).isEqualTo(403);
  }

  @Test
  @DisplayName("a management route this log knows nothing of (a batch's revocation) is audited all the same, its answer as \"after\"")
  void routesAddedLater() {
    Studio studio = Studio.create(api);
    String definition = studio.definition(new JsonObject().put("coupon_type", "single_use")).getString("id");
    Api.Response generated = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", 3).put("label", "Stream"));
    assertThat(generated.status()).as(generated.body()).isEqualTo(201);
    String batch = studio.get("/definitions/" + definition + "/batches").json().getJsonArray("batches").getJsonObject(0).getString("batch_id");

    assertThat(studio.post("/batches/" + batch + "/revoke", new JsonObject()).status()).isEqualTo(200);

    JsonObject latest = entries(studio).getJsonObject(0);
    assertThat(latest.getString("action")).isEqualTo("manage.batches.revoke");
    assertThat(latest.getString("target_id")).isEqualTo(batch);
    assertThat(latest.getString("actor")).isEqualTo("server:hmac");
    assertThat(latest.getJsonObject("after").getInteger("revoked")).isEqualTo(3);
  }
}
