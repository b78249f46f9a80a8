package gg.phoenix.coupons.http;

import gg.phoenix.coupons.bus.ReplyHeaders;
import gg.phoenix.coupons.bus.SameLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Sends a route's request over the event bus and writes the reply as JSON, or fails the route. */
final class BusForwarder {

  private final Vertx vertx;
  private final DeliveryOptions delivery;

  BusForwarder(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  /** A request on behalf of the HTTP request {@code ctx}, carrying its X-Request-Id. */
  Future<Message<JsonObject>> request(RoutingContext ctx, String address, JsonObject body) {
    return vertx.eventBus().request(SameLoop.nearest(vertx, address), body, RequestIds.delivery(ctx, delivery));
  }

  /** Answers 200, or the status the replying verticle named. */
  void forward(RoutingContext ctx, String address, JsonObject body) {
    forward(ctx, address, body, 200);
  }

  /** POSTs carrying an Idempotency-Key go through {@link IdempotentForwarding}. */
  void forward(RoutingContext ctx, String address, JsonObject body, int successStatus) {
    String idempotencyKey = ctx.request().method() == HttpMethod.POST ? IdempotentForwarding.key(ctx) : null;
    if (idempotencyKey != null) {
      IdempotentForwarding.forward(this, ctx, address, body, successStatus, idempotencyKey);
      return;
    }
    request(ctx, address, body)
        .onSuccess(reply -> respond(ctx, reply, successStatus))
        .onFailure(ctx::fail);
  }

  static void respond(RoutingContext ctx, Message<JsonObject> reply, int successStatus) {
    respond(ctx, status(reply, successStatus), reply.body());
  }

  static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status);
    if (status == 204) {
      ctx.response().end();
    } else {
      ctx.json(body);
    }
  }

  static int status(Message<JsonObject> reply, int successStatus) {
    String status = reply.headers().get(ReplyHeaders.STATUS);
    return status == null ? successStatus : Integer.parseInt(status);
  }
}
