package gg.phoenix.coupons.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Headers set on a response before anything else handles its request, so that error answers, static files and
 * answers the router never sees carry them too: {@code X-Content-Type-Options: nosniff} on every one, and
 * {@code Cache-Control: no-store} on every answer of the API ({@code /v1/...}), which may hold a tenant secret,
 * coupon codes or a player's data, none of which a browser or a proxy may keep.
 */
final class ResponseHeaders {

  static final String NOSNIFF = "nosniff";
  static final String NO_STORE = "no-store";
  private static final CharSequence CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF_VALUE = HttpHeaders.createOptimized(NOSNIFF);
  private static final CharSequence NO_STORE_VALUE = HttpHeaders.createOptimized(NO_STORE);

  private ResponseHeaders() {
  }

  /** {@code next} with the headers set first. */
  static Handler<HttpServerRequest> before(Handler<HttpServerRequest> next) {
    return request -> {
      apply(request);
      next.handle(request);
    };
  }

  static void apply(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    response.putHeader(CONTENT_TYPE_OPTIONS, NOSNIFF_VALUE);
    String path = request.path();
    if (path != null && path.startsWith("/v1/")) {
      response.putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE_VALUE);
    }
  }
}
