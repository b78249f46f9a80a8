package gg.phoenix.coupons.http;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.ext.web.sstore.redis.RedisSessionStore;
import io.vertx.redis.client.Redis;

/**
 * The console's sessions and CSRF tokens, both vertx-web's own: sessions kept in Redis (so any instance serves
 * them) with a cookie that is HttpOnly, SameSite=Strict, limited to /console and Secure when the request came over
 * TLS, ending after CONSOLE_SESSION_IDLE_MINUTES without a request; every request to the console's API that
 * changes something must echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header, else 403 {@code csrf_token_invalid}.
 * Both run on the console's API only: the pages themselves are static files, and a session is stored only after a
 * successful answer, so a visitor who never signs in (a page load, a refused guess) stores nothing in Redis.
 */
final class ConsoleSessions {

  static final String COOKIE = "phoenix.console";
  static final String PATH = "/console";

  private final ClientAddresses clients;
  private final SessionHandler plainSessions;
  private final SessionHandler secureSessions;
  private final CSRFHandler plainCsrf;
  private final CSRFHandler secureCsrf;

  ConsoleSessions(Vertx vertx, Redis redis, ServiceConfig.Console config, ClientAddresses clients) {
    this.clients = clients;
    long idleMillis = config.sessionIdleMinutes() * 60_000L;
    SessionStore store = RedisSessionStore.create(vertx, redis);
    this.plainSessions = sessions(store, idleMillis).setCookieSecureFlag(false);
    this.secureSessions = sessions(store, idleMillis).setCookieSecureFlag(true);
    this.plainCsrf = csrf(vertx, config.csrfSecret(), idleMillis).setCookieSecure(false);
    this.secureCsrf = csrf(vertx, config.csrfSecret(), idleMillis).setCookieSecure(true);
  }

  private static SessionHandler sessions(SessionStore store, long idleMillis) {
    return SessionHandler.create(store)
        .setSessionCookieName(COOKIE)
        .setSessionCookiePath(PATH)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setSessionTimeout(idleMillis)
        .setMinLength(32)
        .setNagHttps(false);
  }

  /** The token cookie is read by the console's script (so not HttpOnly) and sent back as a header. */
  private static CSRFHandler csrf(Vertx vertx, String secret, long idleMillis) {
    return CSRFHandler.create(vertx, secret)
        .setCookiePath(PATH)
        .setCookieHttpOnly(false)
        .setTimeout(idleMillis)
        .setNagHttps(false);
  }

  Handler<RoutingContext> sessions() {
    return ctx -> (clients.overTls(ctx) ? secureSessions : plainSessions).handle(ctx);
  }

  /**
   * The CSRF check, mounted before the sessions: vertx-web's handler then works as a signed double-submit cookie
   * (the header must equal the cookie, and the token must carry this service's HMAC and be younger than the idle
   * timeout). Kept in the session instead, a token would be replaced on every change and the session stored after
   * the answer has left, so a request sent right after it could meet the earlier token and be refused.
   */
  Handler<RoutingContext> csrf() {
    return ctx -> (clients.overTls(ctx) ? secureCsrf : plainCsrf).handle(ctx);
  }

  /** A CSRF refusal, which vertx-web fails with a bare 403, in the service's error shape. */
  static void explainRefusal(RoutingContext ctx) {
    if (ctx.statusCode() == 403 && !(ctx.failure() instanceof gg.phoenix.coupons.api.ApiException)) {
      ErrorResponses.send(ctx, new gg.phoenix.coupons.api.ApiError(403, "csrf_token_invalid",
          "A change needs the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header; reload the page"));
    } else {
      ctx.next();
    }
  }
}
