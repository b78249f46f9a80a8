package gg.phoenix.coupons.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Idempotency-Keys belong to their caller: two players, the signed server and a server token, a tenant and the
 * operator never share a stored answer; stored answers never keep a tenant secret.
 */
class IdempotencyScopeTest {

  private static final String ADMIN_TOKEN = "scope-admin-token-" + Seed.uniqueId("x");
  private static final Api.Auth OPERATOR = Credentials.bearer(ADMIN_TOKEN);

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("ADMIN_TOKEN", ADMIN_TOKEN));

  @Fixture private static Api api;

  @Fixture private Studio studio;
  private String publicCode;

  @BeforeEach
  void tenant() {
    publicCode = Seed.uniqueCode("PUB");
    studio.definition(new JsonObject().put("code_format", "fixed").put("code", publicCode)
        .put("usage_limit", Studio.perUser(5, null)));
  }

  private Api.Auth player(String userId) {
    return Credentials.bearer(Credentials.tenantJwt(studio.tenantId, studio.secret, userId, 3600));
  }

  private Api.Response redeem(Api.Auth auth, String body, String key) {
    return api.send("POST", studio.path("/redeem/" + publicCode), body, auth, List.of("Idempotency-Key", key));
  }

  private long redemptionsOf(String userId) {
    return Seed.count("SELECT count(*) FROM redemptions WHERE tenant_id = ? AND user_id = ?", studio.tenantId, userId);
  }

  @Test
  @DisplayName("bob sending alice's Idempotency-Key gets his own redemption, not alice's stored answer")
  void playersDoNotShareKeys() {
    String key = "K-" + UUID.randomUUID();

    Api.Response alice = redeem(player("alice"), "{}", key);
    Api.Response bob = redeem(player("bob"), "{}", key);

    assertThat(alice.status()).as(alice.body()).isEqualTo(200);
    assertThat(bob.status()).as(bob.body()).isEqualTo(200);
    assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(bob.json().getString("user_id")).isEqualTo("bob");
    assertThat(bob.json().getString("redemption_id")).isNotEqualTo(alice.json().getString("redemption_id"));
    assertThat(redemptionsOf("alice")).isEqualTo(1);
    assertThat(redemptionsOf("bob")).isEqualTo(1);
  }

  @Test
  @DisplayName("the same player repeating a key still gets the stored answer")
  void samePlayerReplays() {
    String key = "K-" + UUID.randomUUID();

    Api.Response first = redeem(player("alice"), "{}", key);
    Api.Response again = redeem(player("alice"), "{}", key);

    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(redemptionsOf("alice")).isEqualTo(1);
  }

  @Test
  @DisplayName("the signed server and a server token (no sub) are different callers: one's key does not replay the other's answer")
  void serverCredentialsApart() {
    String key = "K-" + UUID.randomUUID();
    String body = new JsonObject().put("user_id", "carol").encode();

    Api.Response signed = redeem(studio.server, body, key);
    Api.Response token = redeem(player(null), body, key);

    assertThat(signed.status()).isEqualTo(200);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(redemptionsOf("carol")).isEqualTo(2);
  }

  @Test
  @DisplayName("a tenant named _admin and the operator use the same key without colliding (the operator's scope is one no tenant id can spell)")
  void operatorScope() {
    // test schemas are made anew for every run, and no other test makes this tenant
    Seed.Tenant admin = Seed.tenant("_admin", "secret-of-the-tenant-named-admin");
    Studio named = new Studio(api, admin.id(), admin.secret());
    String key = "K-" + UUID.randomUUID();
    String item = new JsonObject().put("name", "Gems").put("reward_type", "currency").encode();

    Api.Response tenants = api.send("POST", named.path("/reward-items"), item, named.server, List.of("Idempotency-Key", key));
    Api.Response operator = api.ops().send("POST", "/v1/admin/tenants", newTenant().encode(), OPERATOR, List.of("Idempotency-Key", key));

    assertThat(tenants.status()).as(tenants.body()).isEqualTo(201);
    assertThat(operator.status()).as(operator.body()).isEqualTo(201);
    assertThat(Seed.strings("SELECT tenant_id || ' ' || caller FROM idempotency_keys WHERE key = ?", key))
        .containsExactlyInAnyOrder("_admin hmac", ":admin operator");
  }

  @Test
  @DisplayName("a tenant created again with its key replays the answer with the secret null, says so, and the store holds no secret")
  void createdSecretWithheld() {
    String key = "K-" + UUID.randomUUID();
    String body = newTenant().encode();

    Api.Response first = api.ops().send("POST", "/v1/admin/tenants", body, OPERATOR, List.of("Idempotency-Key", key));
    Api.Response replayed = api.ops().send("POST", "/v1/admin/tenants", body, OPERATOR, List.of("Idempotency-Key", key));

    String secret = first.json().getString("secret");
    assertThat(secret).isNotBlank();
    assertThat(replayed.status()).isEqualTo(201);
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(replayed.json()).isEqualTo(first.json().copy().putNull("secret").put("secret_withheld", true));
    assertThat((String) Seed.scalar("SELECT response::text FROM idempotency_keys WHERE key = ?", key)).doesNotContain(secret);
  }

  @Test
  @DisplayName("a rotation repeated with its key rotates once and replays without the new secret")
  void rotatedSecretWithheld() {
    String key = "K-" + UUID.randomUUID();
    String path = "/v1/admin/tenants/" + studio.tenantId + "/secret/rotate";

    Api.Response first = api.ops().send("POST", path, "{}", OPERATOR, List.of("Idempotency-Key", key));
    Api.Response replayed = api.ops().send("POST", path, "{}", OPERATOR, List.of("Idempotency-Key", key));

    String secret = first.json().getString("secret");
    assertThat(first.status()).isEqualTo(200);
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(replayed.json().getValue("secret")).isNull();
    assertThat(replayed.json().getBoolean("secret_withheld")).isTrue();
    assertThat(replayed.json().getString("previous_valid_until")).isEqualTo(first.json().getString("previous_valid_until"));
    // rotated once: the secret the first answer showed is the tenant's current one
    assertThat(new Studio(api, studio.tenantId, secret).get("/reward-items").status()).isEqualTo(200);
    assertThat((String) Seed.scalar("SELECT response::text FROM idempotency_keys WHERE key = ?", key)).doesNotContain(secret);
  }

  private static JsonObject newTenant() {
    return new JsonObject().put("id", Seed.uniqueId("scope")).put("name", "Scope Games");
  }
}
