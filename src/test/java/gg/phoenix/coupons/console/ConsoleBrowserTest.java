package gg.phoenix.coupons.console;

import static gg.phoenix.coupons.support.ConsoleClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.ConsoleClient;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebDriver;
import gg.phoenix.coupons.support.Streams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console in headless Chromium, as studio staff use it: from the invitation to signing out. Screenshots of the
 * pages go to docs/console/.
 */
class ConsoleBrowserTest {

  private static final String PASSWORD = "violet staple 8 kettles";
  private static final Path SCREENSHOTS = Path.of("docs/console");
  /** A fetch from the page, as a script running there could send it; answers the status. */
  private static final String FETCH = "const [method, path, csrf, body] = arguments;"
      + " const headers = {'Content-Type': 'application/json'};"
      + " if (csrf) headers['X-XSRF-TOKEN'] = decodeURIComponent(document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).slice(11));"
      + " return fetch(path, {method, headers, body}).then(r => r.status);";

  @RegisterExtension
  static final TestService SERVICE = TestService.with(ConsoleClient.serviceConfig());

  @Fixture private static Api api;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = WebDriver.start();
    browser.resize(1280, 1000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void newVisitor() {
    browser.open(api.base() + "/console/sign-in.html");
    browser.clearCookies();
  }

  private void signIn(String email) throws InterruptedException {
    browser.open(api.base() + "/console/sign-in.html");
    browser.type("#email", email);
    browser.type("#password", PASSWORD);
    browser.click("#submit");
    assertThat(browser.waitForText("#who", t -> t.contains(email))).contains(email);
  }

  private static String activeUser(String tenantId, String role) {
    return ConsoleClient.activeUser(api, ADMIN, tenantId, role, PASSWORD);
  }

  private static final Map<String, String> TITLES = Map.of("codes", "Codes", "players", "Player lookup",
      "webhooks", "Webhooks", "users", "Users", "audit", "Audit log", "stats", "Stats", "batches", "Batches");

  private void page(String name) throws Exception {
    browser.open(api.base() + "/console/#" + name);
    assertThat(browser.waitForText("#page h2", t -> t.equals(TITLES.get(name)))).isEqualTo(TITLES.get(name));
  }

  private static int status(Object fetched) {
    return ((Number) fetched).intValue();
  }

  private static final int REDEEMED = 7;

  @Test
  @DisplayName("invitation, password, sign-in, a definition, 5,000 codes with the progress bar reaching 100 %, redemptions"
      + " on the stats chart, a webhook delivery retried, a batch revoked after a confirmation naming its count, sign-out")
  void walk() throws Exception {
    Studio studio = Studio.create(api);
    String email = Seed.uniqueId("owner") + "@studio.example";
    String token = ConsoleClient.invite(api, ADMIN, studio.tenantId, email, "owner");

    browser.open(api.base() + "/console/invitation.html#token=" + token);
    browser.type("#password", PASSWORD);
    browser.type("#again", PASSWORD);
    browser.click("#submit");
    assertThat(browser.waitForText("#status", t -> t.contains("Password set"))).contains("Password set");
    assertThat(browser.currentUrl()).doesNotContain(token);
    browser.screenshot(SCREENSHOTS.resolve("invitation.png"));

    signIn(email);
    browser.waitForText("#page h2", t -> t.equals("Definitions"));
    browser.type("#item-name", "100 Bonus Points");
    browser.click("#item-create");
    browser.waitForText("#def-item", t -> t.contains("100 Bonus Points"));
    browser.type("#def-name", "Summer Festival");
    browser.type("#def-prefix", "SUMMER");
    browser.type("#def-total", "10000");
    browser.click("#def-create");
    assertThat(browser.waitForText("#status", t -> t.startsWith("Created"))).isEqualTo("Created Summer Festival");
    assertThat(browser.waitForText("#definitions", t -> t.contains("Summer Festival"))).contains("active");
    browser.screenshot(SCREENSHOTS.resolve("definitions.png"));

    page("codes");
    browser.execute("document.getElementById('codes-count').value = '5000'");
    browser.click("#codes-start");
    assertThat(browser.waitForText("#codes-progress-text", t -> t.endsWith("done"), 120_000))
        .isEqualTo("5000 / 5000 codes (100 %) · done");
    assertThat(status(browser.execute("return document.getElementById('codes-progress').value"))).isEqualTo(100);
    browser.screenshot(SCREENSHOTS.resolve("codes.png"));
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE tenant_id = ?", studio.tenantId)).isEqualTo(5000);

    // an endpoint that cannot be reached (.invalid never resolves): its deliveries wait for a retry
    Api.Response hook = studio.post("/webhooks", new JsonObject().put("url", "https://hooks.example.invalid/coupons")
        .put("event_types", new JsonArray().add("coupon.redeemed")));
    assertThat(hook.status()).as(hook.body()).isEqualTo(201);
    List<String> codes = List.copyOf(Seed.strings("SELECT code FROM coupons WHERE tenant_id = ? LIMIT " + REDEEMED, studio.tenantId));
    for (int i = 0; i < codes.size(); i++) {
      Api.Response redeemed = studio.redeem(codes.get(i), "player_" + i);
      assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
    }

    page("stats");
    assertThat(browser.waitForText("#stats", t -> t.contains("Codes issued"))).contains("Codes issued 5000");
    // the series is counted by the outbox relay a few milliseconds after the redemptions: refresh until it shows them
    String charted = "";
    for (long deadline = System.currentTimeMillis() + 20_000; !charted.equals(String.valueOf(REDEEMED))
        && System.currentTimeMillis() < deadline; Thread.sleep(300)) {
      browser.click("#stats-refresh");
      Thread.sleep(200);
      charted = String.valueOf(browser.execute("return document.getElementById('stats-chart').dataset.redemptions"));
    }
    assertThat(charted).isEqualTo(String.valueOf(REDEEMED));
    assertThat(browser.count("#stats-chart canvas")).isOne();
    assertThat(browser.text("#stats-chart .u-legend")).contains("Redemptions").contains("Rolled back");
    assertThat(browser.waitForText("#stats-chart-note", t -> t.startsWith(REDEEMED + " redemptions")))
        .matches(REDEEMED + " redemptions in the last 6[01] minutes .*");
    assertThat(browser.text("#stats-cap")).contains((10_000 - REDEEMED) + " of 10000 uses left under the cap");
    assertThat(browser.text("#stats-top")).contains("Summer Festival active " + REDEEMED);
    browser.resize(1280, 1700);
    browser.screenshot(SCREENSHOTS.resolve("stats.png"));
    browser.resize(1280, 1000);

    page("webhooks");
    browser.click("#webhooks button");
    browser.waitForText("#deliveries", t -> t.contains("coupon.redeemed"));
    assertThat(browser.count("#deliveries .retry-delivery")).isEqualTo(REDEEMED);
    browser.click("#deliveries .retry-delivery");
    assertThat(browser.waitForText("#status", t -> t.contains("sent again"))).isEqualTo("Delivery of coupon.redeemed sent again");
    browser.screenshot(SCREENSHOTS.resolve("webhooks.png"));

    page("batches");
    int left = 5000 - REDEEMED;
    assertThat(browser.waitForText("#batches", t -> t.contains(String.valueOf(left)))).contains("Export CSV");
    browser.screenshot(SCREENSHOTS.resolve("batches.png"));
    browser.click("#batches .edit-control");
    assertThat(browser.dialogText()).isEqualTo("Revoke the " + left + " codes of batch \"" + batchName(studio) + "\" that can still be used?");
    browser.acceptDialog();
    browser.waitForText("#status", t -> !t.isEmpty());
    assertThat(browser.text("#status")).isIn("Batch revoked", "Revocation started as a job; reload to follow it");
    Streams.until("every code of the batch is revoked", Duration.ofSeconds(30), () -> Seed.count(
        "SELECT count(*) FROM coupons WHERE tenant_id = ? AND status <> 'revoked'", studio.tenantId) == 0);

    for (String name : new String[] {"players", "users", "audit"}) {
      page(name);
      browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
    }
    assertThat(browser.waitForText("#audit", t -> t.contains("manage.coupons.generate")))
        .contains("console:" + email).contains("manage.definitions.create").contains("console.users.invite")
        .contains("webhooks.deliveries.retry");

    browser.click("#sign-out");
    browser.waitForText("#submit", t -> t.equals("Sign in"));
    assertThat(browser.currentUrl()).endsWith("/console/sign-in.html");
    assertThat(status(browser.execute(FETCH, "GET", "/console/api/session", false, null))).isEqualTo(401);
    browser.screenshot(SCREENSHOTS.resolve("sign-in.png"));
  }

  /** What the batches page calls the studio's one batch: its label, else its id. */
  private static String batchName(Studio studio) {
    return String.valueOf(Seed.scalar("SELECT COALESCE(label, id::text) FROM coupon_batches WHERE tenant_id = ?", studio.tenantId));
  }

  @Test
  @DisplayName("a viewer sees no edit controls, its change sent anyway gets 403, and a change without the CSRF token gets 403")
  void viewer() throws Exception {
    Studio studio = Studio.create(api);
    studio.definition(new JsonObject().put("coupon_type", "single_use"));
    signIn(activeUser(studio.tenantId, "viewer"));
    browser.waitForText("#definitions", t -> t.contains("Welcome Bonus"));

    assertThat(browser.count(".edit-control")).isZero();
    assertThat(browser.count("#create-definition")).isZero();
    page("codes");
    assertThat(browser.count("#codes-generate")).isZero();
    assertThat(browser.count("#codes-export")).isOne();
    browser.screenshot(SCREENSHOTS.resolve("viewer.png"));
    for (String name : new String[] {"batches", "webhooks", "stats"}) {
      page(name);
      assertThat(browser.count(".edit-control")).as(name).isZero();
    }
    assertThat(browser.count("#hook-create")).isZero();
    assertThat(status(browser.execute(FETCH, "POST", "/console/api/webhooks/" + java.util.UUID.randomUUID()
        + "/deliveries/" + java.util.UUID.randomUUID() + "/retry", true, null))).isEqualTo(403);
    assertThat(status(browser.execute(FETCH, "POST", "/console/api/definitions", true, "{\"name\": \"x\"}"))).isEqualTo(403);
    assertThat(status(browser.execute(FETCH, "POST", "/console/api/sign-out", false, null))).isEqualTo(403);
    assertThat(status(browser.execute(FETCH, "GET", "/console/api/session", false, null))).isEqualTo(200);
  }

  @Test
  @DisplayName("a definition named <img src=x onerror=alert(1)> shows as that text: no element, no script, under a CSP without 'unsafe-inline' script, which the chart library's files are served under too")
  void xss() throws Exception {
    Studio studio = Studio.create(api);
    String name = "<img src=x onerror=alert(1)>";
    studio.definition(new JsonObject().put("coupon_type", "single_use"));
    Api.Response renamed = studio.post("/definitions", new JsonObject().put("name", name).put("config", new JsonObject()
        .put("reward_item_id", studio.rewardItem())));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(201);
    signIn(activeUser(studio.tenantId, "editor"));

    assertThat(browser.waitForText("#definitions", t -> t.contains(name))).contains(name);
    assertThat(browser.count("#page img")).isZero();
    page("codes");
    assertThat(browser.text("#codes-definition")).contains(name);
    assertThat(browser.dialogText()).isNull();
    String policy = api.get("/console/", Api.NONE).headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(Map.of("docs", api.get("/docs/", Api.NONE).status())).containsEntry("docs", 200);
    for (String file : new String[] {"uPlot.esm.js", "uPlot.min.css"}) {
      Api.Response vendor = api.get("/console/vendor/uplot/" + file, Api.NONE);
      assertThat(vendor.status()).as(file).isEqualTo(200);
      assertThat(vendor.headers().firstValue("Content-Security-Policy")).contains(policy);
    }
  }
}
