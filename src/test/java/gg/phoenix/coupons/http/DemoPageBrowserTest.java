package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebDriver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The /demo page in headless Chromium, served from another origin than the API, as a game's web page would be:
 * the API allows the page's origin in CORS_ORIGINS and no other.
 */
class DemoPageBrowserTest {

  /** The ports of the demo page's own origin, which the service allows, and of a stranger's, which it does not. */
  private static final int[] PAGE_PORTS = TestApp.freePorts(2);
  private static final String PAGE_ORIGIN = "http://127.0.0.1:" + PAGE_PORTS[0];
  private static final String STRANGER_ORIGIN = "http://127.0.0.1:" + PAGE_PORTS[1];
  /** Every request line the page's server received, as it arrived (path and query). */
  private static final List<String> PAGE_REQUESTS = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CORS_ORIGINS", PAGE_ORIGIN));

  @Fixture private static Api api;
  @Fixture private static Vertx vertx;
  private static WebDriver browser;

  @Fixture private Seed.Tenant tenant;
  private String code;

  @BeforeAll
  static void start() throws Exception {
    servePage(PAGE_PORTS[0]);
    servePage(PAGE_PORTS[1]);
    browser = WebDriver.start();
  }

  /** The demo page's files on a port of their own: a second origin. */
  private static void servePage(int port) throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      PAGE_REQUESTS.add(ctx.request().uri());
      ctx.next();
    });
    router.route("/*").handler(StaticHandler.create("webroot/demo"));
    vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void seed() {
    code = Seed.uniqueCode("WELCOME");
    Seed.coupon(tenant.id(), Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), DefinitionSpec.singleUse()), "user_123", code);
  }

  private String pageUrl(String origin) {
    return pageUrl(origin, Credentials.tenantJwt(tenant.id(), tenant.secret(), "user_123", 600));
  }

  private String pageUrl(String origin, String token) {
    return origin + "/index.html#api=" + URLEncoder.encode(api.base(), StandardCharsets.UTF_8) + "&token=" + token;
  }

  @Test
  @DisplayName("the token handed over in the URL fragment reaches no server in a URL and leaves the address bar once read")
  void tokenStaysOutOfUrls() throws Exception {
    String token = Credentials.tenantJwt(tenant.id(), tenant.secret(), "user_123", 600);
    browser.open("about:blank");
    browser.open(pageUrl(PAGE_ORIGIN, token));

    browser.click("#list");

    assertThat(browser.waitForText("#coupons tbody", t -> t.contains(code))).contains(code);
    assertThat(browser.currentUrl()).startsWith(PAGE_ORIGIN + "/index.html").doesNotContain(token).doesNotContain("token=");
    assertThat(PAGE_REQUESTS).isNotEmpty().noneMatch(uri -> uri.contains(token) || uri.contains("token"));
  }

  @Test
  @DisplayName("a second link opened in the same tab (only its fragment differs) is read too, and leaves the address bar")
  void secondLinkInSameTab() throws Exception {
    Seed.Tenant other = Seed.tenant();
    browser.open("about:blank");
    browser.open(pageUrl(PAGE_ORIGIN, Credentials.tenantJwt(other.id(), other.secret(), "user_123", 600)));
    String token = Credentials.tenantJwt(tenant.id(), tenant.secret(), "user_123", 600);

    browser.open(pageUrl(PAGE_ORIGIN, token));
    browser.click("#list");

    assertThat(browser.waitForText("#coupons tbody", t -> t.contains(code))).contains(code);
    assertThat(browser.text("#tenant")).isEqualTo(tenant.id());
    assertThat(browser.currentUrl()).doesNotContain(token);
  }

  @Test
  @DisplayName("from an allowed origin the page lists the player's coupon, validates it, redeems it and shows the reward")
  void guideFlow() throws Exception {
    browser.open(pageUrl(PAGE_ORIGIN));

    browser.click("#list");
    assertThat(browser.waitForText("#coupons tbody", t -> t.contains(code))).contains(code).contains("100 Bonus Points").contains("active");
    browser.click("#coupons tr[data-code] button.use");
    browser.click("#validate");
    assertThat(browser.waitForText("#status", t -> t.startsWith("Coupon is valid")))
        .isEqualTo("Coupon is valid: 100 Bonus Points");
    browser.click("#redeem");

    assertThat(browser.waitForText("#reward", t -> t.startsWith("Redeemed")))
        .isEqualTo("Redeemed! Reward: 100 Bonus Points (points) {\"amount\":100}");
    assertThat(Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = ?", code)).isEqualTo(1);
  }

  @Test
  @DisplayName("redeeming the same code again shows the guide's 'Coupon has already been redeemed'")
  void secondRedeem() throws Exception {
    browser.open(pageUrl(PAGE_ORIGIN));
    browser.click("#list");
    browser.waitForText("#coupons tbody", t -> t.contains(code));
    browser.click("#coupons tr[data-code] button.use");
    browser.click("#redeem");
    browser.waitForText("#reward", t -> t.startsWith("Redeemed"));

    browser.click("#redeem");

    assertThat(browser.waitForText("#error", t -> t.startsWith("Coupon error")))
        .isEqualTo("Coupon error: Coupon has already been redeemed");
  }

  @Test
  @DisplayName("served from an origin not in CORS_ORIGINS, the browser refuses the API's answer and the page says so")
  void otherOriginRefused() throws Exception {
    browser.open(pageUrl(STRANGER_ORIGIN));

    browser.click("#list");

    assertThat(browser.waitForText("#error", t -> t.startsWith("Coupon error"))).startsWith("Coupon error: Failed to fetch");
    assertThat(Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = ?", code)).isZero();
  }
}
