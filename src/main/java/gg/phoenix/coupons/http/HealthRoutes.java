package gg.phoenix.coupons.http;

import gg.phoenix.coupons.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (PostgreSQL and Redis answer,
 * asked of the health verticle). Mounted before tenant authentication: load balancers and orchestrators
 * call them without credentials. Not ready is a 503 whose body names what is down.
 */
final class HealthRoutes {

  private final Vertx vertx;
  private final DeliveryOptions delivery;

  HealthRoutes(Vertx vertx, long timeoutMillis) {
    this.vertx = vertx;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  void mount(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
  }

  private void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "up"));
  }

  private void ready(RoutingContext ctx) {
    vertx.eventBus().<JsonObject>request(Addresses.HEALTH_CHECK, new JsonObject(), RequestIds.delivery(ctx, delivery))
        .onSuccess(reply -> answer(ctx, reply.body()))
        .onFailure(err -> answer(ctx, new JsonObject().put("postgres", "unknown").put("redis", "unknown")));
  }

  private static void answer(RoutingContext ctx, JsonObject checks) {
    List<String> down = checks.fieldNames().stream().sorted()
        .filter(name -> !"up".equals(checks.getString(name)))
        .collect(Collectors.toList());
    if (down.isEmpty()) {
      ctx.json(new JsonObject().put("status", "up").put("checks", checks));
      return;
    }
    JsonObject body = new JsonObject()
        .put("error", "not_ready")
        .put("message", "Not ready: " + String.join(", ", down) + (down.size() == 1 ? " is" : " are") + " down")
        .put("status", "down")
        .put("down", down)
        .put("checks", checks);
    ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }
}
