package gg.phoenix.coupons.http;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.common.ApiError;
import gg.phoenix.coupons.events.EventTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tenant's webhook endpoints: register, list, delete, and the deliveries of one. HMAC-signed server
 * requests only, like every endpoint that configures something.
 */
final class WebhookRoutes {

  static final int MAX_URL_LENGTH = 2048;

  private final BusForwarder bus;
  private final boolean allowPrivateTargets;

  /** @param allowPrivateTargets whether URLs may name loopback, private or link-local addresses (tests, local setups) */
  WebhookRoutes(BusForwarder bus, boolean allowPrivateTargets) {
    this.bus = bus;
    this.allowPrivateTargets = allowPrivateTargets;
  }

  void mount(Router router) {
    String base = "/v1/coupons/:tenant_id/webhooks";
    router.post(base).handler(this::create);
    router.get(base).handler(this::list);
    router.delete(base + "/:webhook_id").handler(this::delete);
    router.get(base + "/:webhook_id/deliveries").handler(this::deliveries);
  }

  private void create(RoutingContext ctx) {
    requireServer(ctx);
    JsonObject body = JsonBodies.object(ctx);
    JsonObject request = tenant(ctx).put("url", url(body.getValue("url"))).put("event_types", eventTypes(body.getValue("event_types")));
    bus.forward(ctx, Addresses.WEBHOOKS_CREATE, request, 201);
  }

  private void list(RoutingContext ctx) {
    requireServer(ctx);
    bus.forward(ctx, Addresses.WEBHOOKS_LIST, tenant(ctx), 200);
  }

  private void delete(RoutingContext ctx) {
    requireServer(ctx);
    bus.forward(ctx, Addresses.WEBHOOKS_DELETE, tenant(ctx).put("webhook_id", ctx.pathParam("webhook_id")), 204);
  }

  private void deliveries(RoutingContext ctx) {
    requireServer(ctx);
    bus.forward(ctx, Addresses.WEBHOOKS_DELIVERIES, tenant(ctx)
        .put("webhook_id", ctx.pathParam("webhook_id")).put("limit", CouponRoutes.limit(ctx)), 200);
  }

  private static void requireServer(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    caller.requireServer();
  }

  private static JsonObject tenant(RoutingContext ctx) {
    return new JsonObject().put("tenant_id", ctx.pathParam("tenant_id"));
  }

  /**
   * An absolute http(s) URL with a host, which may not name this service's own network (loopback, private,
   * link-local addresses, localhost) unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set: the service would
   * otherwise send signed requests into places only it can reach.
   */
  private String url(Object value) {
    ApiError invalid = ApiError.badRequest("invalid_url", "url must be an absolute http or https URL of at most " + MAX_URL_LENGTH + " characters");
    if (!(value instanceof String url) || url.length() > MAX_URL_LENGTH) {
      throw invalid.exception();
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null) {
        throw invalid.exception();
      }
      if (!allowPrivateTargets && PrivateTargets.named(uri.getHost())) {
        throw ApiError.badRequest("invalid_url", "url may not name a loopback, private or link-local address").exception();
      }
      return url;
    } catch (URISyntaxException e) {
      throw invalid.exception();
    }
  }

  /** A non-empty list of known event types, without repeats. */
  private static JsonArray eventTypes(Object value) {
    ApiError invalid = ApiError.badRequest("invalid_event_types",
        "event_types must be a non-empty list of: " + String.join(", ", EventTypes.ALL.stream().sorted().toList()));
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      throw invalid.exception();
    }
    Set<String> types = new LinkedHashSet<>();
    for (Object type : list) {
      if (!(type instanceof String name) || !EventTypes.ALL.contains(name)) {
        throw invalid.exception();
      }
      types.add(name);
    }
    return new JsonArray(types.stream().toList());
  }
}
