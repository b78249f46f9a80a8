package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminTenantsTest {

  private static final String ADMIN_TOKEN = "test-admin-token-" + Seed.uniqueId("x");
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("ADMIN_TOKEN", ADMIN_TOKEN));

  @Fixture private static Api api;
  private static final Api.Auth ADMIN = bearer(ADMIN_TOKEN);

  private JsonObject createTenant(String id) {
    Api.Response response = api.ops().post("/v1/admin/tenants", new JsonObject().put("id", id).put("name", "Acme Games"), ADMIN);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  @Test
  @DisplayName("creating a tenant answers 201 with a secret of at least 32 random bytes that signs requests at once")
  void create() {
    String id = Seed.uniqueId("acme");

    JsonObject tenant = createTenant(id);

    assertThat(tenant.fieldNames()).contains("id", "name", "status", "secret", "created_at");
    assertThat(tenant.getString("status")).isEqualTo("active");
    assertThat(Base64.getUrlDecoder().decode(tenant.getString("secret"))).hasSizeGreaterThanOrEqualTo(32);
    Studio studio = new Studio(api, id, tenant.getString("secret"));
    assertThat(studio.get("/definitions").status()).isEqualTo(200);
    assertThat(api.get(studio.path("/definitions"), bearer(tenantJwt(id, tenant.getString("secret"), null, 60))).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a tenant is read back without its secret")
  void read() {
    String id = Seed.uniqueId("acme");
    createTenant(id);

    JsonObject tenant = api.ops().get("/v1/admin/tenants/" + id, ADMIN).json();

    assertThat(tenant.getString("id")).isEqualTo(id);
    assertThat(tenant.containsKey("secret")).isFalse();
    assertThat(api.ops().get("/v1/admin/tenants/nobody-here", ADMIN).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("bad tenant ids get 400, a taken id 409")
  void badIds() {
    String id = Seed.uniqueId("acme");
    createTenant(id);

    assertThat(api.ops().post("/v1/admin/tenants", new JsonObject().put("id", "Acme!").put("name", "x"), ADMIN).status()).isEqualTo(400);
    assertThat(api.ops().post("/v1/admin/tenants", new JsonObject().put("id", "a").put("name", "x"), ADMIN).status()).isEqualTo(400);
    assertThat(api.ops().post("/v1/admin/tenants", new JsonObject().put("id", "x".repeat(64)).put("name", "x"), ADMIN).status()).isEqualTo(400);
    Api.Response taken = api.ops().post("/v1/admin/tenants", new JsonObject().put("id", id).put("name", "x"), ADMIN);
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().getString("error")).isEqualTo("tenant_exists");
  }

  @Test
  @DisplayName("admin endpoints need the admin token: none or a wrong one gets 401")
  void adminToken() {
    JsonObject body = new JsonObject().put("id", Seed.uniqueId("acme")).put("name", "x");

    assertThat(api.ops().post("/v1/admin/tenants", body, Api.NONE).status()).isEqualTo(401);
    assertThat(api.ops().post("/v1/admin/tenants", body, bearer(ADMIN_TOKEN + "x")).status()).isEqualTo(401);
    assertThat(api.ops().get("/v1/admin/tenants/" + body.getString("id"), ADMIN).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("after a rotation both secrets work until previous_valid_until, then only the new one")
  void rotate() {
    String id = Seed.uniqueId("acme");
    String oldSecret = createTenant(id).getString("secret");

    Api.Response rotated = api.ops().post("/v1/admin/tenants/" + id + "/secret/rotate", new JsonObject(), ADMIN);

    assertThat(rotated.status()).isEqualTo(200);
    String newSecret = rotated.json().getString("secret");
    assertThat(newSecret).isNotEqualTo(oldSecret);
    assertThat(rotated.json().getString("previous_valid_until")).endsWith("Z");
    assertThat(new Studio(api, id, oldSecret).get("/definitions").status()).isEqualTo(200);
    assertThat(new Studio(api, id, newSecret).get("/definitions").status()).isEqualTo(200);

    Seed.update("UPDATE tenants SET previous_secret_valid_until = now() - interval '1 second' WHERE id = ?", id);

    assertThat(new Studio(api, id, oldSecret).get("/definitions").status()).isEqualTo(401);
    assertThat(api.get("/v1/coupons/" + id + "/definitions", bearer(tenantJwt(id, oldSecret, null, 60))).status()).isEqualTo(401);
    assertThat(new Studio(api, id, newSecret).get("/definitions").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a disabled tenant's requests get 403 until it is active again")
  void disable() {
    String id = Seed.uniqueId("acme");
    Studio studio = new Studio(api, id, createTenant(id).getString("secret"));

    Api.Response disabled = api.ops().send("PATCH", "/v1/admin/tenants/" + id, "{\"status\": \"disabled\"}", ADMIN, java.util.List.of());

    assertThat(disabled.json().getString("status")).isEqualTo("disabled");
    assertThat(studio.get("/definitions").status()).isEqualTo(403);
    api.ops().send("PATCH", "/v1/admin/tenants/" + id, "{\"status\": \"active\"}", ADMIN, java.util.List.of());
    assertThat(studio.get("/definitions").status()).isEqualTo(200);
    assertThat(api.ops().send("PATCH", "/v1/admin/tenants/" + id, "{\"status\": \"gone\"}", ADMIN, java.util.List.of()).status()).isEqualTo(400);
  }
}
