package gg.phoenix.coupons.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The console's pages (src/main/resources/webroot/console: HTML and ES modules, no build step; the chart library
 * uPlot from its WebJar under /console/vendor/uplot/) and the API reference
 * at /docs (Swagger UI from its WebJar over /openapi.yaml). The console's Content-Security-Policy lets scripts come
 * from this origin's files only: no inline script, no eval, so text a tenant stored can never run as script.
 */
final class ConsolePages {

  static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  /** Swagger UI sets styles inline; its scripts are still files of this origin only. */
  static final String DOCS_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";
  /** uPlot, the stats page's chart: an ES module and a stylesheet, both files of this origin (no inline style). */
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

  private ConsolePages() {
  }

  /** The console's files; mounted after the console's API, whose paths lie below. */
  static void mount(Router router) {
    redirectBare(router, "/console");
    router.get("/console/*").handler(ctx -> headers(ctx, CONSOLE_POLICY));
    router.get("/console/vendor/uplot/*").handler(StaticHandler.create(UPLOT).setCachingEnabled(false));
    router.get("/console/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false));
  }

  static void mountDocs(Router router) {
    redirectBare(router, "/docs");
    router.get("/docs/*").handler(ctx -> headers(ctx, DOCS_POLICY));
    router.get("/docs/swagger-initializer.js").handler(StaticHandler.create("webroot/docs"));
    router.get("/docs/*").handler(StaticHandler.create(SWAGGER_UI));
  }

  /** "/x" also matches "/x/": only the bare path is redirected, so the pages' relative links work. */
  private static void redirectBare(Router router, String path) {
    router.get(path).handler(ctx -> {
      if (ctx.request().path().equals(path)) {
        ctx.redirect(path + "/");
      } else {
        ctx.next();
      }
    });
  }

  private static void headers(RoutingContext ctx, String policy) {
    ctx.response()
        .putHeader("Content-Security-Policy", policy)
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.next();
  }
}
