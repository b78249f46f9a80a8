package gg.phoenix.coupons.common;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers event-bus requests from a future: the value, an {@link ApiError}, or an internal failure. */
public final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
  private static final ApiError INTERNAL = new ApiError(500, "internal_error", "Internal server error");

  private Replies() {
  }

  public static <T> void answer(Message<?> msg, Future<T> result) {
    result.onComplete(done -> {
      if (done.succeeded()) {
        msg.reply(done.result());
      } else {
        fail(msg, done.cause());
      }
    });
  }

  /** Like {@link #answer(Message, Future)}, for work that may also throw before it returns its future. */
  public static <T> void answer(Message<?> msg, Supplier<Future<T>> work) {
    Future<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    answer(msg, result);
  }

  public static void fail(Message<?> msg, Throwable cause) {
    if (cause instanceof ApiException api) {
      msg.fail(api.error().status(), api.error().toFailure());
    } else {
      LOG.error("Request on {} failed (request id {})", msg.address(), msg.headers().get("X-Request-Id"), cause);
      msg.fail(INTERNAL.status(), INTERNAL.toFailure());
    }
  }
}
