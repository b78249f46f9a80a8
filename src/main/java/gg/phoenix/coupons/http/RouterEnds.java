package gg.phoenix.coupons.http;

import io.vertx.ext.web.Router;

/** What every router of the service ends with, so that both listeners answer failures in the usual error shape. */
final class RouterEnds {

  private RouterEnds() {
  }

  static void mount(Router router) {
    router.route().failureHandler(ErrorResponses::handle);
    // Failures vertx-web answers itself (e.g. a broken percent-escape) get the usual error shape too.
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> ErrorResponses.send(ctx, ErrorResponses.toError(null, status)));
    }
    router.route().last().handler(ctx -> ErrorResponses.send(ctx, ErrorResponses.toError(null, 404)));
  }
}
