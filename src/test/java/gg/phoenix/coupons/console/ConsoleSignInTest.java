package gg.phoenix.coupons.console;

import static gg.phoenix.coupons.support.ConsoleClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.ConsoleClient;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Invitations, passwords, sign-in, sessions and sign-out of the console, over real HTTP, Redis and PostgreSQL. */
class ConsoleSignInTest {

  private static final String PASSWORD = "violet staple 8 kettles";

  @RegisterExtension
  static final TestService SERVICE = TestService.with(ConsoleClient.serviceConfig());

  @Fixture private static Api api;

  private static String email() {
    return Seed.uniqueId("ann") + "@studio.example";
  }

  /** A user invited and with {@link #PASSWORD} set, not signed in. */
  private static String activeUser(String tenantId, String role) {
    return ConsoleClient.activeUser(api, ADMIN, tenantId, role, PASSWORD);
  }

  @Test
  @DisplayName("the operator's invitation is a one-time link valid 24 hours; its user sets a password, signs in and is told its tenant and role")
  void inviteThenSignIn() {
    String tenant = Seed.tenant().id();
    String email = email();

    Api.Response invited = api.ops().post("/v1/admin/tenants/" + tenant + "/console-users",
        new JsonObject().put("email", email.toUpperCase()).put("role", "editor"), ADMIN);

    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
    JsonObject user = invited.json();
    assertThat(user.getString("email")).isEqualTo(email);
    assertThat(user.getString("status")).isEqualTo("invited");
    assertThat(user.getString("invitation_url")).startsWith("http://localhost:8080/console/invitation.html#token=");
    assertThat(java.time.Instant.parse(user.getString("invitation_expires_at")))
        .isBetween(java.time.Instant.now().plusSeconds(24 * 3600 - 60), java.time.Instant.now().plusSeconds(24 * 3600 + 60));
    ConsoleClient browser = new ConsoleClient(api);
    Api.Response accepted = browser.post("/invitations/accept", new JsonObject()
        .put("token", ConsoleClient.tokenOf(user.getString("invitation_url"))).put("password", PASSWORD));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().getString("status")).isEqualTo("active");

    Api.Response signedIn = browser.signIn(email, PASSWORD);

    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    assertThat(browser.get("/session").json()).isEqualTo(new JsonObject().put("id", user.getString("id"))
        .put("tenant_id", tenant).put("email", email).put("role", "editor"));
    assertThat(Seed.count("SELECT count(*) FROM console_users WHERE email = ? AND password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'", email))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("the session cookie is HttpOnly, SameSite=Strict and limited to /console; over plain HTTP it is not Secure")
  void cookieAttributes() {
    String email = activeUser(Seed.tenant().id(), "viewer");

    Api.Response signedIn = new ConsoleClient(api).signIn(email, PASSWORD);

    String cookie = signedIn.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("phoenix.console="))
        .findFirst().orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/console").doesNotContain("Secure");
  }

  @Test
  @DisplayName("an invitation link used once, or past its expiry, answers 400 invalid_invitation and changes no password")
  void replayedInvitation() {
    String tenant = Seed.tenant().id();
    String email = email();
    String token = ConsoleClient.invite(api, ADMIN, tenant, email, "viewer");
    ConsoleClient browser = new ConsoleClient(api);
    assertThat(browser.post("/invitations/accept", new JsonObject().put("token", token).put("password", PASSWORD)).status())
        .isEqualTo(200);

    Api.Response replayed = browser.post("/invitations/accept", new JsonObject().put("token", token)
        .put("password", "attacker chosen password"));

    assertThat(replayed.status()).isEqualTo(400);
    assertThat(replayed.json().getString("error")).isEqualTo("invalid_invitation");
    assertThat(browser.signIn(email, PASSWORD).status()).isEqualTo(200);

    String other = email();
    String expired = ConsoleClient.invite(api, ADMIN, tenant, other, "viewer");
    Seed.update("UPDATE console_invitations SET expires_at = now() - interval '1 second'"
        + " WHERE user_id = (SELECT id FROM console_users WHERE email = ?)", other);
    assertThat(browser.post("/invitations/accept", new JsonObject().put("token", expired).put("password", PASSWORD)).json()
        .getString("error")).isEqualTo("invalid_invitation");
  }

  @Test
  @DisplayName("a password under 12 characters, a common one, or a huge one is refused with 400 and the invitation stays usable")
  void passwordRules() {
    String token = ConsoleClient.invite(api, ADMIN, Seed.tenant().id(), email(), "viewer");
    ConsoleClient browser = new ConsoleClient(api);
    for (var entry : List.of(List.of("short pw 11", "invalid_password"), List.of("Password123456!", "common_password"),
        List.of("qwertyuiop1234", "common_password"), List.of("x".repeat(100_000), "invalid_password"))) {
      Api.Response refused = browser.post("/invitations/accept", new JsonObject().put("token", token).put("password", entry.get(0)));
      assertThat(refused.status()).as(entry.get(0).substring(0, 10)).isIn(400, 413);
      if (refused.status() == 400) {
        assertThat(refused.json().getString("error")).isEqualTo(entry.get(1));
      }
    }
    assertThat(browser.post("/invitations/accept", new JsonObject().put("token", token).put("password", PASSWORD)).status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("a session id planted before sign-in (one the server issued, to the attacker's own sign-in) is not the one signed in: sign-in gives the session a new id")
  void sessionFixation() {
    String tenant = Seed.tenant().id();
    String victimEmail = activeUser(tenant, "owner");
    ConsoleClient attacker = ConsoleClient.signedIn(api, ADMIN, Seed.tenant().id(), "viewer");
    String planted = attacker.cookie("phoenix.console");
    ConsoleClient victim = new ConsoleClient(api);
    victim.setCookie("phoenix.console", planted);

    Api.Response signedIn = victim.signIn(victimEmail, PASSWORD);

    assertThat(signedIn.status()).isEqualTo(200);
    String issued = signedIn.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("phoenix.console="))
        .findFirst().orElseThrow();
    assertThat(issued).doesNotContain(planted);
    ConsoleClient withPlanted = new ConsoleClient(api);
    withPlanted.setCookie("phoenix.console", planted);
    assertThat(withPlanted.get("/session").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a change sent without the CSRF header, or with another token, answers 403 and changes nothing")
  void csrf() {
    String email = activeUser(Seed.tenant().id(), "owner");
    ConsoleClient browser = new ConsoleClient(api);
    assertThat(browser.signIn(email, PASSWORD).status()).isEqualTo(200);
    String body = new JsonObject().put("email", email()).put("role", "viewer").encode();

    Api.Response without = browser.send("POST", ConsoleClient.API + "/users", body, false);
    Api.Response forged = browser.send("POST", ConsoleClient.API + "/sign-out", null, false);

    assertThat(without.status()).isEqualTo(403);
    assertThat(without.json().getString("error")).isNotBlank();
    assertThat(forged.status()).isEqualTo(403);
    assertThat(browser.get("/session").status()).isEqualTo(200);
    assertThat(browser.get("/users").json().getJsonArray("users")).hasSize(1);
  }

  @Test
  @DisplayName("signing out ends the user's every session, on every device")
  void signOutEverywhere() {
    String email = activeUser(Seed.tenant().id(), "viewer");
    ConsoleClient laptop = new ConsoleClient(api);
    ConsoleClient phone = new ConsoleClient(api);
    assertThat(laptop.signIn(email, PASSWORD).status()).isEqualTo(200);
    assertThat(phone.signIn(email, PASSWORD).status()).isEqualTo(200);

    assertThat(laptop.post("/sign-out", null).status()).isEqualTo(204);

    assertThat(laptop.get("/session").status()).isEqualTo(401);
    assertThat(phone.get("/session").status()).isEqualTo(401);
    assertThat(phone.signIn(email, PASSWORD).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("unknown and wrong sign-ins answer the same 401, and neither answer nor session names the tenant's secret")
  void noSecretsAndNoOracle() {
    String tenantSecret = Seed.tenant().secret();
    String email = activeUser(Seed.tenant().id(), "owner");
    ConsoleClient browser = new ConsoleClient(api);

    Api.Response unknown = browser.signIn("nobody-" + email, PASSWORD);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json()).isEqualTo(new JsonObject().put("error", "invalid_credentials").put("message", "Wrong e-mail address or password"));
    Api.Response signedIn = browser.signIn(email, PASSWORD);

    assertThat(signedIn.body()).doesNotContain("secret").doesNotContain(tenantSecret);
    assertThat(browser.get("/session").body()).doesNotContain("secret");
  }
}
