package gg.phoenix.coupons.bus;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers event-bus requests from a future: the value, an {@link ApiError}, or an internal failure. */
public final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  /**
   * The connection went away mid-request: the statement most likely did not commit, but its answer is lost
   * either way. Retrying is safe: a redemption that did go through answers "already redeemed" (or replays,
   * with an Idempotency-Key).
   */
  private static final ApiError DATABASE_UNAVAILABLE = new ApiError(503, "service_unavailable",
      "The database connection was lost before the answer; retry shortly", 1L);

  private Replies() {
  }

  /** Replies with the future's value (a {@link Reply} also names its status), or fails with its code. */
  public static void answer(Message<?> msg, Future<?> result) {
    result.onComplete(done -> {
      if (done.succeeded() && done.result() instanceof Reply reply) {
        msg.reply(reply.body(), new DeliveryOptions().addHeader(ReplyHeaders.STATUS, String.valueOf(reply.status())));
      } else if (done.succeeded()) {
        msg.reply(done.result());
      } else {
        fail(msg, done.cause());
      }
    });
  }

  /** Like {@link #answer(Message, Future)}, for work that may also throw before it returns its future. */
  public static void answer(Message<?> msg, Supplier<? extends Future<?>> work) {
    Future<?> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    answer(msg, result);
  }

  /**
   * A connection closed, reset or terminated by the server (SQLSTATE class 57P: admin shutdown, crash, cannot
   * connect now), or one the pool handed out just as it closed (the client says so only in its message).
   */
  private static boolean lostDatabaseConnection(Throwable cause) {
    return cause instanceof ClosedConnectionException || cause instanceof IOException
        || cause instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("57P")
        || cause instanceof VertxException && String.valueOf(cause.getMessage()).startsWith("Connection is not active now");
  }

  public static void fail(Message<?> msg, Throwable cause) {
    if (cause instanceof ApiException api) {
      msg.fail(api.error().status(), api.error().toFailure());
    } else if (lostDatabaseConnection(cause)) {
      LOG.warn("Request on {} lost its database connection (request id {}): {}", msg.address(),
          msg.headers().get("X-Request-Id"), cause.toString());
      msg.fail(DATABASE_UNAVAILABLE.status(), DATABASE_UNAVAILABLE.toFailure());
    } else {
      LOG.error("Request on {} failed (request id {})", msg.address(), msg.headers().get("X-Request-Id"), cause);
      msg.fail(ApiError.INTERNAL.status(), ApiError.INTERNAL.toFailure());
    }
  }
}
