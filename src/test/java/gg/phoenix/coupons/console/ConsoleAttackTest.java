package gg.phoenix.coupons.console;

import static gg.phoenix.coupons.support.ConsoleClient.ADMIN;
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

/** What someone trying to get more out of the console than their role allows runs into. */
class ConsoleAttackTest {


  @RegisterExtension
  static final TestService SERVICE = TestService.with(ConsoleClient.serviceConfig());

  @Fixture private static Api api;

  @Test
  @DisplayName("an editor cannot make itself owner, invite an owner or reach the users list (403), nor validate or redeem for a player (no such console route)")
  void editorEscalation() {
    Studio studio = Studio.create(api);
    ConsoleClient editor = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "editor");
    String self = editor.get("/session").json().getString("id");

    assertThat(editor.patch("/users/" + self, new JsonObject().put("role", "owner")).status()).isEqualTo(403);
    assertThat(editor.post("/users", new JsonObject().put("email", "mine@studio.example").put("role", "owner")).status()).isEqualTo(403);
    assertThat(editor.get("/users").status()).isEqualTo(403);
    assertThat(editor.get("/./users").status()).isEqualTo(403);
    assertThat(editor.get("/session").json().getString("role")).isEqualTo("editor");
    assertThat(editor.post("/redeem/ANYCODE", new JsonObject().put("user_id", "player-1")).status()).isEqualTo(404);
    assertThat(editor.get("/validate/ANYCODE?user_id=player-1").status()).isEqualTo(404);
    assertThat(Seed.count("SELECT count(*) FROM console_users WHERE tenant_id = ?", studio.tenantId)).isEqualTo(1);
  }

  @Test
  @DisplayName("a removed user's open session ends at its next request")
  void removedUser() {
    Studio studio = Studio.create(api);
    ConsoleClient owner = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "owner");
    ConsoleClient editor = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "editor");

    assertThat(owner.delete("/users/" + editor.get("/session").json().getString("id")).status()).isEqualTo(200);

    assertThat(editor.get("/definitions").status()).isEqualTo(401);
    assertThat(editor.post("/reward-items", new JsonObject().put("name", "x")).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("huge input is refused with a 4xx and changes nothing: a 1 MB sign-in body, a 10,000-character e-mail, a 300-character name")
  void hugeInput() {
    Studio studio = Studio.create(api);
    ConsoleClient owner = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "owner");
    ConsoleClient stranger = new ConsoleClient(api);

    Api.Response body = stranger.post("/sign-in", new JsonObject().put("email", "a@b.example").put("password", "x".repeat(1_000_000)));
    Api.Response email = owner.post("/users", new JsonObject().put("email", "a".repeat(10_000) + "@b.example").put("role", "viewer"));
    Api.Response name = owner.post("/reward-items", new JsonObject().put("name", "n".repeat(300)).put("reward_type", "points")
        .put("payload", new JsonObject()));

    assertThat(body.status()).isEqualTo(413);
    assertThat(email.status()).isEqualTo(400);
    assertThat(email.json().getString("error")).isEqualTo("invalid_email");
    assertThat(name.status()).isEqualTo(400);
    assertThat(name.json().getString("error")).isEqualTo(studio.post("/reward-items", new JsonObject().put("name", "n".repeat(300))
        .put("reward_type", "points").put("payload", new JsonObject())).json().getString("error"));
    assertThat(Seed.count("SELECT count(*) FROM console_users WHERE tenant_id = ?", studio.tenantId)).isEqualTo(1);
  }

  @Test
  @DisplayName("a console session opens nothing on the ops listener, and a visitor who never signs in leaves no session in Redis")
  void noWayAround() {
    Studio studio = Studio.create(api);
    ConsoleClient owner = ConsoleClient.signedIn(api, ADMIN, studio.tenantId, "owner");
    ConsoleClient visitor = new ConsoleClient(api);

    visitor.send("GET", "/console/", null, false);
    visitor.get("/session");
    visitor.signIn("nobody@studio.example", "wrong password 1");

    assertThat(visitor.cookie("phoenix.console")).isNull();
    assertThat(owner.send("GET", "/console/api/../../v1/admin/tenants/" + studio.tenantId, null, true).status()).isEqualTo(404);
    assertThat(owner.get("/v1/admin/tenants/" + studio.tenantId).status()).isEqualTo(404);
    assertThat(owner.get("/session").body()).doesNotContain(studio.secret);
  }
}
