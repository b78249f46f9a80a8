package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.WebhookRequest;
import gg.phoenix.coupons.egress.InvalidTargetException;
import gg.phoenix.coupons.egress.TargetUrl;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tenant's webhook endpoints: register, list, delete, rotate one's signing secret, the deliveries of one, and
 * retrying one delivery at once.
 * HMAC-signed server requests only, like every endpoint that configures something.
 */
final class WebhookRoutes {

  static final int MAX_URL_LENGTH = 2048;
  /** The longest overlap a rotation may ask for, as SECRET_GRACE_SECONDS allows: 30 days. */
  static final int MAX_SECRET_OVERLAP_SECONDS = 30 * 86_400;

  private final BusForwarder bus;
  private final boolean allowPrivateTargets;

  /** @param allowPrivateTargets whether URLs may name loopback, private or link-local addresses (tests, local setups) */
  WebhookRoutes(BusForwarder bus, boolean allowPrivateTargets) {
    this.bus = bus;
    this.allowPrivateTargets = allowPrivateTargets;
  }

  /** @param tenantBase where the routes start: the studio's /v1/coupons/:tenant_id, or the console's API */
  void mount(Router router, String tenantBase) {
    String base = tenantBase + "/webhooks";
    router.post(base).handler(this::create);
    router.get(base).handler(this::list);
    router.delete(base + "/:webhook_id").handler(this::delete);
    router.post(base + "/:webhook_id/secret/rotate").handler(this::rotateSecret);
    router.get(base + "/:webhook_id/deliveries").handler(this::deliveries);
    router.post(base + "/:webhook_id/deliveries/:delivery_id/retry").handler(this::retryDelivery);
  }

  private void create(RoutingContext ctx) {
    requireServer(ctx);
    JsonObject body = JsonBodies.object(ctx);
    WebhookRequest request = new WebhookRequest(tenant(ctx), null, url(body.getValue("url")),
        eventTypes(body.getValue("event_types")), null, null, null);
    bus.forward(ctx, Addresses.WEBHOOKS_CREATE, request.toJson(), 201);
  }

  private void list(RoutingContext ctx) {
    requireServer(ctx);
    bus.forward(ctx, Addresses.WEBHOOKS_LIST, WebhookRequest.of(tenant(ctx), null).toJson(), 200);
  }

  private void delete(RoutingContext ctx) {
    requireServer(ctx);
    bus.forward(ctx, Addresses.WEBHOOKS_DELETE, WebhookRequest.of(tenant(ctx), ctx.pathParam("webhook_id")).toJson(), 204);
  }

  /** The body is optional: {@code {"previous_secret_valid_seconds": n}}, 0 to stop the old secret at once. */
  private void rotateSecret(RoutingContext ctx) {
    requireServer(ctx);
    JsonObject body = ctx.body().length() <= 0 ? new JsonObject() : JsonBodies.object(ctx);
    Integer overlap = JsonFields.of(body).optionalInt("previous_secret_valid_seconds", 0, MAX_SECRET_OVERLAP_SECONDS);
    WebhookRequest request = new WebhookRequest(tenant(ctx), ctx.pathParam("webhook_id"), null, null, overlap, null, null);
    bus.forward(ctx, Addresses.WEBHOOKS_ROTATE_SECRET, request.toJson(), 200);
  }

  private void deliveries(RoutingContext ctx) {
    requireServer(ctx);
    WebhookRequest request = new WebhookRequest(tenant(ctx), ctx.pathParam("webhook_id"), null, null, null,
        CouponRoutes.limit(ctx), null);
    bus.forward(ctx, Addresses.WEBHOOKS_DELIVERIES, request.toJson(), 200);
  }

  /** Sends a pending or failed delivery at once; no body. */
  private void retryDelivery(RoutingContext ctx) {
    requireServer(ctx);
    WebhookRequest request = WebhookRequest.ofDelivery(tenant(ctx), ctx.pathParam("webhook_id"), ctx.pathParam("delivery_id"));
    bus.forward(ctx, Addresses.WEBHOOKS_RETRY_DELIVERY, request.toJson(), 200);
  }

  private static void requireServer(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    caller.requireServer();
  }

  private static String tenant(RoutingContext ctx) {
    return ctx.<Caller>get(Caller.CONTEXT_KEY).tenantId();
  }

  /**
   * An absolute http(s) URL with a host, which may not name this service's own network (an address outside the
   * public internet in any notation, or localhost) unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set. This is early
   * feedback only: names are not resolved here, and the sender checks every address again when it connects.
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
      TargetUrl target = TargetUrl.parse(url);
      if (!allowPrivateTargets && target.host().isKnownPrivate()) {
        throw ApiError.badRequest("invalid_url", "url may not name a loopback, private or link-local address").exception();
      }
      return url;
    } catch (URISyntaxException | InvalidTargetException e) {
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
