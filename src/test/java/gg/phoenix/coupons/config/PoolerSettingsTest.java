package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PoolerSettingsTest {

  private static ServiceConfig.Postgres postgres(JsonObject overrides) throws Exception {
    return ServiceConfig.from(TestApp.config(overrides.put("PG_HOST", "10.0.0.5").put("PG_PORT", 5432))).postgres();
  }

  @Test
  @DisplayName("by default there is no pooler and the server itself is PG_HOST:PG_PORT")
  void direct() throws Exception {
    ServiceConfig.Postgres pg = postgres(new JsonObject());

    assertThat(pg.pooler()).isEqualTo("none");
    assertThat(pg.transactionPooled()).isFalse();
    assertThat(pg.directHost() + ":" + pg.directPort()).isEqualTo("10.0.0.5:5432");
  }

  @Test
  @DisplayName("PG_POOLER=pgbouncer-transaction with PG_DIRECT_HOST and PG_DIRECT_PORT given as text")
  void pooled() throws Exception {
    ServiceConfig.Postgres pg = postgres(new JsonObject().put("PG_POOLER", "pgbouncer-transaction")
        .put("PG_DIRECT_HOST", "10.0.0.9").put("PG_DIRECT_PORT", "5433"));

    assertThat(pg.transactionPooled()).isTrue();
    assertThat(pg.directHost() + ":" + pg.directPort()).isEqualTo("10.0.0.9:5433");
  }

  @Test
  @DisplayName("a pooler mode without PG_DIRECT_HOST, or an unknown pooler, stops start-up naming the key")
  void refused() {
    assertThatThrownBy(() -> postgres(new JsonObject().put("PG_POOLER", "pgbouncer-transaction")))
        .hasMessageStartingWith("Configuration key PG_DIRECT_HOST is missing or empty");
    assertThatThrownBy(() -> postgres(new JsonObject().put("PG_POOLER", "pgbouncer-session")))
        .hasMessage("Configuration key PG_POOLER must be one of none, pgbouncer-transaction, got 'pgbouncer-session'");
  }
}
