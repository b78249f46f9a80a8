package gg.phoenix.coupons.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.net.RFC3986;

/**
 * Headers set on a response before anything else handles its request, so that error answers, static files and
 * answers the router never sees carry them too: {@code X-Content-Type-Options: nosniff} on every one, and
 * {@code Cache-Control: no-store} on every answer of the API ({@code /v1/...} and the console's {@code /console/api/...}), which may hold a tenant secret,
 * coupon codes or a player's data, none of which a browser or a proxy may keep. "Of the API" is decided on the path
 * as the router reads it, so {@code //v1/...} or {@code /x/../v1/...} (a client's base URL ending in a slash) is no way
 * around it.
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
    if (underApi(request.path())) {
      response.putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE_VALUE);
    }
  }

  /**
   * Whether the router takes {@code path} for one under /v1/: it routes the path normalised as RFC 3986 says (dot
   * segments resolved, repeated slashes merged, escaped unreserved characters decoded), so this reads it the same
   * way, with the same function. A path that cannot be read is counted in, on the safe side.
   */
  private static boolean underApi(String path) {
    if (path == null) {
      return false;
    }
    try {
      String normalized = RFC3986.normalizePath(path);
      return normalized.startsWith("/v1/") || normalized.startsWith("/console/api/");
    } catch (IllegalArgumentException unreadable) {
      return true;
    }
  }
}
