package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.ApiException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns failures into HTTP answers of the shape {"error": ..., "message": ...}. */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  static final ApiError UNAVAILABLE = new ApiError(503, "service_unavailable", "Service temporarily unavailable");
  static final ApiError TIMEOUT = new ApiError(504, "timeout", "The request took too long; try again");

  private ErrorResponses() {
  }

  /** The failure handler of the router: every failed route ends here. */
  static void handle(RoutingContext ctx) {
    ApiError error = toError(ctx.failure(), ctx.statusCode());
    if (error.status() >= 500) {
      LOG.error("{} {} failed with {}", ctx.request().method(), LoggedPaths.masked(ctx.request().path()), error.status(),
          ctx.failure());
    }
    send(ctx, error);
  }

  static void send(RoutingContext ctx, ApiError error) {
    if (ctx.response().ended()) {
      return;
    }
    if (error.retryAfterSeconds() != null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(error.retryAfterSeconds()));
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(error.toJson().encode());
  }

  static ApiError toError(Throwable failure, int status) {
    if (failure instanceof ApiException api) {
      return api.error();
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return TIMEOUT;
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return UNAVAILABLE;
      }
      ApiError carried = ApiError.fromFailure(reply.failureCode(), reply.getMessage());
      return carried != null ? carried : ApiError.INTERNAL;
    }
    return switch (status) {
      case 400 -> ApiError.badRequest("invalid_request", "The request is malformed");
      case 404 -> ApiError.notFound("not_found", "No such resource");
      case 405 -> new ApiError(405, "method_not_allowed", "Method not allowed on this resource");
      case 413 -> new ApiError(413, "payload_too_large", "The request body is too large");
      case 415 -> new ApiError(415, "unsupported_media_type", "Send the body as application/json");
      default -> status >= 400 && status < 500 ? new ApiError(status, "invalid_request", "The request was refused") : ApiError.INTERNAL;
    };
  }
}
