package gg.phoenix.coupons.secrets;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.hmac;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.PgDump;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an attacker gets from the database alone: a dump, or write access to the tenants table. The tenants'
 * columns that hold secret material are found by name, whatever their form, as an attacker would find them.
 */
class SecretsAtRestTest {

  private static final String ADMIN_TOKEN = "secrets-admin-" + Seed.uniqueId("x");
  private static final Api.Auth ADMIN = bearer(ADMIN_TOKEN);
  private static final String SECRET_COLUMNS = """
      SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'tenants' AND column_name LIKE '%secret%'
        AND data_type <> 'timestamp with time zone'""";

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("ADMIN_TOKEN", ADMIN_TOKEN));

  @Fixture private static Api api;

  private String createTenant(String id) {
    Api.Response created = api.ops().post("/v1/admin/tenants", new JsonObject().put("id", id).put("name", "Studio " + id), ADMIN);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("secret");
  }

  private String rotate(String id) {
    Api.Response rotated = api.ops().post("/v1/admin/tenants/" + id + "/secret/rotate", new JsonObject(), ADMIN);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    return rotated.json().getString("secret");
  }

  private static int definitions(String tenantId, Api.Auth auth) {
    return api.get("/v1/coupons/" + tenantId + "/definitions", auth).status();
  }

  private static Api.Auth jwt(String tenantId, String secret) {
    return bearer(tenantJwt(tenantId, secret, null, 600));
  }

  /** The forms a secret could take in a dump: as issued, its UTF-8 bytes in hex (bytea), its decoded bytes. */
  private static List<String> forms(String secret) {
    byte[] raw = Base64.getUrlDecoder().decode(secret);
    return List.of(secret, HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)),
        HexFormat.of().formatHex(raw), Base64.getEncoder().withoutPadding().encodeToString(raw));
  }

  @Test
  @DisplayName("a pg_dump of the database holds no tenant secret in clear, neither the current nor the previous one, and both still sign requests")
  void dumpHoldsNoSecret() throws Exception {
    String id = Seed.uniqueId("dumped");
    String first = createTenant(id);
    String second = rotate(id);

    String dump = PgDump.schema(TestBackends.get().schema);

    assertThat(dump).contains(id);
    for (String secret : List.of(first, second)) {
      for (String form : forms(secret)) {
        assertThat(dump).doesNotContain(form);
      }
    }
    for (String secret : List.of(first, second)) {
      assertThat(definitions(id, jwt(id, secret))).isEqualTo(200);
      assertThat(definitions(id, hmac(id, secret))).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a pg_dump of the database holds no webhook signing secret in clear, neither the current nor the previous one")
  void dumpHoldsNoWebhookSecret() throws Exception {
    String id = Seed.uniqueId("hooked");
    Api.Auth server = hmac(id, createTenant(id));
    Api.Response registered = api.post("/v1/coupons/" + id + "/webhooks", new JsonObject()
        .put("url", "https://hooks.example.com/coupons").put("event_types", new io.vertx.core.json.JsonArray().add("coupon.redeemed")), server);
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    String webhook = registered.json().getString("id");
    Api.Response rotated = api.post("/v1/coupons/" + id + "/webhooks/" + webhook + "/secret/rotate",
        new JsonObject().put("previous_secret_valid_seconds", 600), server);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);

    String dump = PgDump.schema(TestBackends.get().schema);

    assertThat(dump).contains(webhook);
    for (String secret : List.of(registered.json().getString("signing_secret"), rotated.json().getString("signing_secret"))) {
      assertThat(secret).startsWith("whsec_");
      assertThat(dump).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()))
          .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  @DisplayName("a tenant's stored secrets copied into another tenant's row authenticate no request for that other tenant")
  void secretsCopiedToAnotherTenant() {
    String attacker = Seed.uniqueId("attacker");
    String attackerSecret = createTenant(attacker);
    String victim = Seed.uniqueId("victim");
    createTenant(victim);
    String columns = (String) Seed.scalar(SECRET_COLUMNS);

    Seed.update("UPDATE tenants SET (" + columns + ") = (SELECT " + columns + " FROM tenants WHERE id = ?) WHERE id = ?", attacker, victim);

    assertThat(definitions(victim, jwt(victim, attackerSecret))).isEqualTo(401);
    assertThat(definitions(victim, hmac(victim, attackerSecret))).isEqualTo(401);
    assertThat(definitions(attacker, jwt(attacker, attackerSecret))).isEqualTo(200);
  }

  @Test
  @DisplayName("an expired previous secret copied over the same tenant's current one does not come back to life")
  void previousCopiedOverCurrent() {
    String id = Seed.uniqueId("revived");
    String old = createTenant(id);
    rotate(id);
    Seed.update("UPDATE tenants SET previous_secret_valid_until = now() - interval '1 second' WHERE id = ?", id);
    assertThat(definitions(id, jwt(id, old))).isEqualTo(401);
    String[] columns = ((String) Seed.scalar(SECRET_COLUMNS)).split(",");
    String previous = columns[0].startsWith("previous") ? columns[0] : columns[1];
    String current = previous.equals(columns[0]) ? columns[1] : columns[0];

    Seed.update("UPDATE tenants SET " + current + " = " + previous + " WHERE id = ?", id);

    assertThat(definitions(id, jwt(id, old))).isEqualTo(401);
    assertThat(definitions(id, hmac(id, old))).isEqualTo(401);
  }
}
