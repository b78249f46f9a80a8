package gg.phoenix.coupons.http;

import gg.phoenix.coupons.bus.Audits;
import gg.phoenix.coupons.bus.ReplyHeaders;
import gg.phoenix.coupons.bus.SameLoop;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends a route's request over the event bus and writes the reply as JSON, or fails the route. A change (any method
 * but GET and HEAD) names who made it in {@link Audits#ACTOR_HEADER}, for the audit log.
 */
final class BusForwarder {

  private final Vertx vertx;
  private final DeliveryOptions delivery;
  private final String unauthenticatedActor;

  /** @param unauthenticatedActor who makes a change that no {@link Caller} made: the operator on the ops listener */
  BusForwarder(Vertx vertx, long timeoutMillis, String unauthenticatedActor) {
    this.vertx = vertx;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.unauthenticatedActor = unauthenticatedActor;
  }

  /** A request on behalf of the HTTP request {@code ctx}, carrying its X-Request-Id and, for a change, its actor. */
  Future<Message<JsonObject>> request(RoutingContext ctx, String address, JsonObject body) {
    DeliveryOptions options = RequestIds.delivery(ctx, delivery);
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      Caller caller = ctx.get(Caller.CONTEXT_KEY);
      options.addHeader(Audits.ACTOR_HEADER, caller == null ? unauthenticatedActor : caller.actor());
    }
    return vertx.eventBus().request(SameLoop.nearest(vertx, address), body, options);
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
