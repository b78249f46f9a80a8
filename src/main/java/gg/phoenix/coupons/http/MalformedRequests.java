package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Requests refused before any route sees them, answered in the usual error shape: what the HTTP decoder
 * cannot read (an over-long request line or header block, a broken header), and NUL characters, which no
 * code, id or text of this API may hold and which PostgreSQL refuses.
 */
final class MalformedRequests {

  static final ApiError NUL = ApiError.badRequest("invalid_request", "The request must not contain NUL characters");
  static final ApiError LONE_SURROGATE = ApiError.badRequest("invalid_request",
      "The request must not contain a lone UTF-16 surrogate (an escape from \\ud800 to \\udfff not in a pair)");

  private MalformedRequests() {
  }

  /** For HttpServer#invalidRequestHandler: the decoder gave up on this request. */
  static void undecodable(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = new ApiError(414, "uri_too_long", "The request line is too long: codes and ids are short");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new ApiError(431, "headers_too_large", "The request headers are too large");
    } else {
      error = ApiError.badRequest("invalid_request", "The request could not be read as HTTP");
    }
    request.response()
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(error.toJson().encode())
        .onComplete(done -> request.connection().close());
  }

  /** A route handler for every request: a percent-encoded NUL anywhere in the target is a 400. */
  static void refuseNul(RoutingContext ctx) {
    if (ctx.request().uri().toLowerCase(Locale.ROOT).contains("%00")) {
      throw NUL.exception();
    }
    ctx.next();
  }
}
