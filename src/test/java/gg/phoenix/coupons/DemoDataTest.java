package gg.phoenix.coupons;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.hmac;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo tenant's data is what the management API would have written: definitions whose config is a JSON object
 * with every field a definition made through the API has, so that every endpoint works on it.
 */
class DemoDataTest {

  private static final String API = "/v1/coupons/" + DemoData.TENANT_ID;

  private static Vertx vertx;
  private static DemoServer demo;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    demo = DemoServer.start(vertx, new JsonObject());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the demo's definitions list their config as a JSON object, coupon_type included, as the API stores one")
  void configIsAnObject() {
    Api.Response listed = demo.api.get(API + "/definitions", bearer(demo.token()));

    assertThat(listed.status()).isEqualTo(200);
    JsonArray definitions = listed.json().getJsonArray("definitions");
    assertThat(definitions).hasSize(2);
    for (Object item : definitions) {
      JsonObject definition = (JsonObject) item;
      assertThat(definition.getValue("config")).as(definition.getString("name")).isInstanceOf(JsonObject.class);
      assertThat(definition.getJsonObject("config").getString("coupon_type")).isEqualTo("reward");
    }
    JsonObject launch = demo.api.get(API + "/validate/" + DemoData.PUBLIC_CODE, bearer(demo.token())).json();
    assertThat(launch.getJsonObject("definition").getJsonObject("config").getString("code")).isEqualTo(DemoData.PUBLIC_CODE);
  }

  @Test
  @DisplayName("POST /definitions/{Welcome Bonus}/coupons makes coupons for the demo definition (201)")
  void generatesForTheDemoDefinition() {
    String welcome = definitionId("Welcome Bonus");

    Api.Response made = demo.api.post(API + "/definitions/" + welcome + "/coupons",
        new JsonObject().put("user_ids", new JsonArray().add("player_7")), hmac(DemoData.TENANT_ID, demo.secret()));

    assertThat(made.status()).as(made.body()).isEqualTo(201);
    JsonObject coupon = made.json().getJsonArray("coupons").getJsonObject(0);
    assertThat(coupon.getString("user_id")).isEqualTo("player_7");
    assertThat(coupon.getString("code")).startsWith("WELCOME").hasSize("WELCOME".length() + 8);
  }

  @Test
  @DisplayName("a demo database written with configs as JSON strings is made objects with coupon_type at the next start")
  void repairsEarlierDemoData() throws Exception {
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      st.executeUpdate("UPDATE coupon_definitions SET config = to_jsonb((config - 'coupon_type')::text)"
          + " WHERE tenant_id = '" + DemoData.TENANT_ID + "' AND name = 'Welcome Bonus'");
    }

    DemoData.ensure(vertx, ServiceConfig.from(TestApp.config(new JsonObject())), TestBackends.get().secrets())
        .await(30, TimeUnit.SECONDS);

    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT jsonb_typeof(config), config->>'coupon_type' FROM coupon_definitions"
             + " WHERE tenant_id = '" + DemoData.TENANT_ID + "' ORDER BY name")) {
      while (rs.next()) {
        assertThat(rs.getString(1)).isEqualTo("object");
        assertThat(rs.getString(2)).isEqualTo("reward");
      }
    }
  }

  @Test
  @DisplayName("the repair at start leaves alone the demo tenant's definitions the demo did not write, even one whose config lacks coupon_type")
  void repairTouchesOnlyDemoDefinitions() throws Exception {
    String name = "Operator made " + java.util.UUID.randomUUID();
    String before;
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      st.executeUpdate("INSERT INTO coupon_definitions (tenant_id, name, description, config, reward_item_id, case_sensitive,"
          + " uses_per_coupon) SELECT tenant_id, '" + name + "', '', jsonb_build_object('reward_item_id', id::text), id, false, 1"
          + " FROM reward_items WHERE tenant_id = '" + DemoData.TENANT_ID + "' LIMIT 1");
      before = ownDefinition(st, name);
    }

    try {
      DemoData.ensure(vertx, ServiceConfig.from(TestApp.config(new JsonObject())), TestBackends.get().secrets())
          .await(30, TimeUnit.SECONDS);

      try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
        assertThat(ownDefinition(st, name)).isEqualTo(before);
      }
    } finally { // the other tests see the demo's two definitions only
      try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
        st.executeUpdate("DELETE FROM coupon_definitions WHERE tenant_id = '" + DemoData.TENANT_ID + "' AND name = '" + name + "'");
      }
    }
  }

  /** The row's version (xmin changes on every update) and config. */
  private static String ownDefinition(Statement st, String name) throws java.sql.SQLException {
    try (ResultSet rs = st.executeQuery("SELECT xmin::text || ' ' || config::text FROM coupon_definitions WHERE tenant_id = '"
        + DemoData.TENANT_ID + "' AND name = '" + name + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static String definitionId(String name) {
    return demo.api.get(API + "/definitions", bearer(demo.token())).json().getJsonArray("definitions").stream()
        .map(JsonObject.class::cast).filter(d -> name.equals(d.getString("name")))
        .findFirst().orElseThrow().getString("id");
  }

  @Test
  @DisplayName("the demo makes a console owner of the demo tenant whose password the sheet prints once, and it signs in")
  void consoleOwner() {
    String password = demo.printed("Console password:");
    gg.phoenix.coupons.support.ConsoleClient browser = new gg.phoenix.coupons.support.ConsoleClient(demo.api);

    Api.Response signedIn = browser.signIn(DemoData.CONSOLE_EMAIL, password);

    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    assertThat(signedIn.json().getString("tenant_id")).isEqualTo(DemoData.TENANT_ID);
    assertThat(signedIn.json().getString("role")).isEqualTo("owner");
    assertThat(demo.output).containsOnlyOnce(password).contains("/console/");
  }
}
