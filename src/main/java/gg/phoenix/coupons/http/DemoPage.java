package gg.phoenix.coupons.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** The static demo page at /demo/ (src/main/resources/webroot/demo): the guide's browser flow, no credentials. */
final class DemoPage {

  private DemoPage() {
  }

  static void mount(Router router) {
    // "/demo" also matches "/demo/": only the bare path is redirected, so the page's relative links work.
    router.get("/demo").handler(ctx -> {
      if (ctx.request().path().equals("/demo")) {
        ctx.redirect("/demo/");
      } else {
        ctx.next();
      }
    });
    router.get("/demo/*").handler(StaticHandler.create("webroot/demo"));
  }
}
