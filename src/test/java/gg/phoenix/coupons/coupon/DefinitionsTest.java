package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /v1/coupons/{tenant_id}/definitions: the tenant's active definitions. */
@ExtendWith(TestService.class)
class DefinitionsTest {

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private List<String> listedIds() {
    Api.Response response = api.get(t.path("/definitions"), t.server());
    assertThat(response.status()).isEqualTo(200);
    JsonArray definitions = response.json().getJsonArray("definitions");
    assertThat(response.json().getInteger("total")).isEqualTo(definitions.size());
    return definitions.stream().map(d -> ((JsonObject) d).getString("id")).toList();
  }

  @Test
  @DisplayName("an active definition is listed with the guide's fields and its config exactly as stored")
  void guideShape() {
    UUID definition = t.definition(DefinitionSpec.singleUse());
    Seed.update("UPDATE coupon_definitions SET created_at = '2025-01-10T09:00:00Z' WHERE id = ?", definition);

    Api.Response response = api.get(t.path("/definitions"), t.server());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("definitions", new JsonArray().add(new JsonObject()
            .put("id", definition.toString())
            .put("tenant_id", t.id())
            .put("name", "Welcome Bonus")
            .put("description", "Welcome bonus for new users")
            .put("config", new JsonObject()
                .put("reward_item_id", t.item.toString())
                .put("code_format", "random")
                .put("code_prefix", "WELCOME")
                .put("code_length", 8)
                .put("case_sensitive", false)
                .put("usage_limit", new JsonObject().put("limit_type", "per_user").put("max_uses", 1)))
            .put("status", "active")
            .putNull("starts_at")
            .putNull("expires_at")
            .put("created_at", "2025-01-10T09:00:00Z")))
        .put("total", 1)
        .putNull("next_cursor"));
  }

  @Test
  @DisplayName("a tenant without definitions gets 200 {\"definitions\": [], \"total\": 0, \"next_cursor\": null}")
  void none() {
    Api.Response response = api.get(t.path("/definitions"), t.server());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("definitions", new JsonArray()).put("total", 0).putNull("next_cursor"));
  }

  @Test
  @DisplayName("a paused definition is not listed")
  void pausedExcluded() {
    UUID active = t.definition(DefinitionSpec.singleUse());
    t.definition(DefinitionSpec.singleUse().status("paused"));

    assertThat(listedIds()).containsExactly(active.toString());
  }

  @Test
  @DisplayName("an archived definition is not listed")
  void archivedExcluded() {
    UUID active = t.definition(DefinitionSpec.singleUse());
    t.definition(DefinitionSpec.singleUse().status("archived"));

    assertThat(listedIds()).containsExactly(active.toString());
  }

  @Test
  @DisplayName("an active definition past its expires_at is not listed")
  void expiredExcluded() {
    UUID active = t.definition(DefinitionSpec.singleUse());
    t.definition(DefinitionSpec.singleUse().window(null, Instant.now().minus(1, ChronoUnit.MINUTES)));

    assertThat(listedIds()).containsExactly(active.toString());
  }

  @Test
  @DisplayName("an active definition that expires later or has not started yet is listed, with its dates")
  void futureDatesListed() {
    Instant starts = Instant.parse("2099-01-01T00:00:00Z");
    Instant expires = Instant.parse("2099-12-31T23:59:59Z");
    UUID upcoming = t.definition(DefinitionSpec.singleUse().window(starts, expires));

    Api.Response response = api.get(t.path("/definitions"), t.server());

    JsonObject listed = response.json().getJsonArray("definitions").getJsonObject(0);
    assertThat(listed.getString("id")).isEqualTo(upcoming.toString());
    assertThat(listed.getString("starts_at")).isEqualTo("2099-01-01T00:00:00Z");
    assertThat(listed.getString("expires_at")).isEqualTo("2099-12-31T23:59:59Z");
  }

  @Test
  @DisplayName("definitions are listed oldest first and another tenant's are never shown")
  void orderAndTenantIsolation() {
    UUID newer = t.definition(DefinitionSpec.singleUse());
    UUID older = t.definition(DefinitionSpec.singleUse());
    Seed.update("UPDATE coupon_definitions SET created_at = '2025-01-02T00:00:00Z' WHERE id = ?", newer);
    Seed.update("UPDATE coupon_definitions SET created_at = '2025-01-01T00:00:00Z' WHERE id = ?", older);
    new TenantFixture().definition(DefinitionSpec.singleUse());

    assertThat(listedIds()).containsExactly(older.toString(), newer.toString());
  }
}
