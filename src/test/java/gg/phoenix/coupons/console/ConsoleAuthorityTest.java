package gg.phoenix.coupons.console;

import static gg.phoenix.coupons.support.ConsoleClient.ADMIN;
import static gg.phoenix.coupons.support.Credentials.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.ConsoleClient;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a console user may do: the studio's management routes under /console/api, for the session's tenant only,
 * as far as the user's role allows. The API enforces this; the pages only follow it.
 */
class ConsoleAuthorityTest {


  @RegisterExtension
  static final TestService SERVICE = TestService.with(ConsoleClient.serviceConfig());

  @Fixture private static Api api;

  private static JsonObject definitionBody(String itemId) {
    return new JsonObject().put("name", "Welcome Bonus").put("config", new JsonObject()
        .put("reward_item_id", itemId).put("coupon_type", "single_use"));
  }

  private static JsonObject rewardItemBody() {
    return new JsonObject().put("name", "100 Bonus Points").put("reward_type", "points")
        .put("payload", new JsonObject().put("amount", 100));
  }

  @Test
  @DisplayName("a viewer reads definitions but every change, and the users page, answers 403 naming the role it needs")
  void viewerReadsOnly() {
    Studio studio = Studio.create(api);
    String item = studio.rewardItem();
    ConsoleClient viewer = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "viewer");

    assertThat(viewer.get("/definitions").status()).isEqualTo(200);
    Api.Response create = viewer.post("/definitions", definitionBody(item));
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.json()).isEqualTo(new JsonObject().put("error", "forbidden")
        .put("message", "Access denied: this needs the editor role"));
    assertThat(viewer.post("/reward-items", rewardItemBody()).status()).isEqualTo(403);
    assertThat(viewer.get("/users").status()).isEqualTo(403);
    assertThat(viewer.post("/users", new JsonObject().put("email", "x@studio.example").put("role", "owner")).status()).isEqualTo(403);
    assertThat(Seed.count("SELECT count(*) FROM coupon_definitions WHERE tenant_id = ?", studio.tenantId)).isZero();
  }

  @Test
  @DisplayName("an editor creates a reward item and a definition through the same routes the studio's server signs, but not webhooks (nor retries a delivery)")
  void editorManages() {
    Studio studio = Studio.create(api);
    ConsoleClient editor = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "editor");

    Api.Response item = editor.post("/reward-items", rewardItemBody());
    assertThat(item.status()).as(item.body()).isEqualTo(201);
    Api.Response definition = editor.post("/definitions", definitionBody(item.json().getString("item_id")));
    assertThat(definition.status()).as(definition.body()).isEqualTo(201);
    Api.Response invalid = editor.post("/definitions", new JsonObject().put("name", "x"));

    assertThat(invalid.status()).isEqualTo(studio.post("/definitions", new JsonObject().put("name", "x")).status());
    assertThat(studio.get("/definitions/" + definition.json().getString("id")).status()).isEqualTo(200);
    assertThat(editor.get("/webhooks").status()).isEqualTo(200);
    assertThat(editor.post("/webhooks", new JsonObject().put("url", "https://example.com/hook")
        .put("event_types", new io.vertx.core.json.JsonArray().add("coupon.redeemed"))).status()).isEqualTo(403);
    Api.Response retry = editor.post("/webhooks/" + java.util.UUID.randomUUID() + "/deliveries/" + java.util.UUID.randomUUID()
        + "/retry", new JsonObject());
    assertThat(retry.status()).isEqualTo(403);
    assertThat(retry.json().getString("message")).isEqualTo("Access denied: this needs the owner role");
  }

  @Test
  @DisplayName("a console user of tenant A reaches nothing of tenant B: B's ids are unknown, a tenant in the path is no route, and the session opens no /v1 route")
  void crossTenant() {
    Studio a = Studio.create(api);
    Studio b = Studio.create(api);
    String bDefinition = b.definition(new JsonObject().put("coupon_type", "single_use"))
        .getString("id");
    ConsoleClient ownerOfA = ConsoleClient.signedIn(api, ADMIN, a.tenantId, "owner");
    String bUser = ConsoleClient.signedIn(api, ADMIN, b.tenantId, "owner").get("/session").json().getString("id");

    assertThat(ownerOfA.get("/definitions/" + bDefinition).status()).isEqualTo(404);
    assertThat(ownerOfA.patch("/definitions/" + bDefinition, new JsonObject().put("status", "paused")).status()).isEqualTo(404);
    assertThat(ownerOfA.post("/definitions/" + bDefinition + "/coupons", new JsonObject().put("count", 1)).status()).isEqualTo(404);
    assertThat(ownerOfA.patch("/users/" + bUser, new JsonObject().put("role", "viewer")).status()).isEqualTo(404);
    assertThat(ownerOfA.delete("/users/" + bUser).status()).isEqualTo(404);
    assertThat(ownerOfA.get("/v1/coupons/" + b.tenantId + "/definitions").status()).isEqualTo(404);
    assertThat(ownerOfA.send("GET", "/v1/coupons/" + b.tenantId + "/definitions", null, true).status()).isEqualTo(401);
    assertThat(ownerOfA.send("GET", "/v1/coupons/" + a.tenantId + "/definitions", null, true).status()).isEqualTo(401);
    assertThat(ownerOfA.get("/definitions").json().getJsonArray("definitions")).isEmpty();
    assertThat(b.get("/definitions/" + bDefinition).json().getString("status")).isEqualTo("active");
  }

  @Test
  @DisplayName("an owner invites, changes a role (which ends that user's sessions) and removes users, but never the last owner")
  void ownerManagesUsers() {
    Studio studio = Studio.create(api);
    ConsoleClient owner = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "owner");
    ConsoleClient editor = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "editor");
    String editorId = editor.get("/session").json().getString("id");
    String ownerId = owner.get("/session").json().getString("id");

    Api.Response invited = owner.post("/users", new JsonObject().put("email", Seed.uniqueId("new") + "@studio.example").put("role", "viewer"));
    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
    assertThat(invited.json().getString("invitation_url")).contains("/console/invitation.html#token=");
    assertThat(owner.patch("/users/" + editorId, new JsonObject().put("role", "viewer")).json().getString("role")).isEqualTo("viewer");
    assertThat(editor.get("/session").status()).isEqualTo(401);

    Api.Response lastOwner = owner.patch("/users/" + ownerId, new JsonObject().put("role", "editor"));
    assertThat(lastOwner.status()).isEqualTo(409);
    assertThat(owner.delete("/users/" + ownerId).status()).isEqualTo(409);
    assertThat(owner.patch("/users/" + ownerId, new JsonObject().put("role", "root")).json().getString("error")).isEqualTo("invalid_role");
    assertThat(owner.delete("/users/" + editorId).status()).isEqualTo(200);
    assertThat(owner.get("/users").json().getLong("total")).isEqualTo(2);
  }

  @Test
  @DisplayName("the operator's invitation refuses an unknown tenant (404), a made-up role (400) and another tenant's address (409)")
  void operatorInvitationRules() {
    String tenant = Seed.tenant().id();
    String email = Seed.uniqueId("x") + "@studio.example";
    String path = "/v1/admin/tenants/" + tenant + "/console-users";

    assertThat(api.ops().post("/v1/admin/tenants/nobody-" + tenant + "/console-users",
        new JsonObject().put("email", email).put("role", "owner"), ADMIN).status()).isEqualTo(404);
    assertThat(api.ops().post(path, new JsonObject().put("email", email).put("role", "admin"), ADMIN).json().getString("error"))
        .isEqualTo("invalid_role");
    assertThat(api.ops().post(path, new JsonObject().put("email", "not-an-address").put("role", "owner"), ADMIN).json()
        .getString("error")).isEqualTo("invalid_email");
    assertThat(api.ops().post(path, new JsonObject().put("email", email).put("role", "owner"), ADMIN).status()).isEqualTo(201);
    assertThat(api.ops().post("/v1/admin/tenants/" + Seed.tenant().id() + "/console-users",
        new JsonObject().put("email", email).put("role", "owner"), ADMIN).status()).isEqualTo(409);
    assertThat(api.ops().post(path, new JsonObject().put("email", email).put("role", "owner"), bearer("wrong")).status()).isEqualTo(401);
    assertThat(api.post(path, new JsonObject().put("email", email).put("role", "owner"), ADMIN).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the definition overview lists paused and archived definitions too, with the uses left under a cap")
  void overview() {
    Studio studio = Studio.create(api);
    JsonObject capped = studio.definition(new JsonObject().put("usage_limit", new JsonObject()
        .put("limit_type", "global").put("max_uses", 10)).put("code_format", "fixed").put("code", Seed.uniqueId("CAP").toUpperCase()));
    JsonObject paused = studio.definition(new JsonObject().put("coupon_type", "single_use"));
    assertThat(studio.patch("/definitions/" + paused.getString("id"), new JsonObject().put("status", "paused")).status()).isEqualTo(200);
    ConsoleClient viewer = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "viewer");

    JsonObject page = viewer.get("/definition-overview").json();

    assertThat(page.getLong("total")).isEqualTo(2);
    JsonObject first = page.getJsonArray("definitions").getJsonObject(0);
    JsonObject second = page.getJsonArray("definitions").getJsonObject(1);
    assertThat(first.getString("id")).isEqualTo(capped.getString("id"));
    assertThat(first.getInteger("remaining_uses")).isEqualTo(10);
    assertThat(second.getString("status")).isEqualTo("paused");
    assertThat(second.getValue("remaining_uses")).isNull();
    assertThat(viewer.get("/definitions").json().getJsonArray("definitions")).hasSize(1);
    assertThat(studio.get("/definition-overview?limit=1").json().getString("next_cursor")).isNotNull();
  }
}
