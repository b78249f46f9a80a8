package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.EventsRequest;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's published events, replayed from PostgreSQL for a consumer that lost its place in the Redis stream.
 * HMAC-signed server requests only: events carry every player's redemptions.
 */
final class EventRoutes {

  private static final ApiError INVALID_AFTER = ApiError.badRequest("invalid_after",
      "after must be one event_id (a UUID) the tenant received");

  private final BusForwarder bus;

  EventRoutes(BusForwarder bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.get("/v1/coupons/:tenant_id/events").handler(this::replay);
  }

  private void replay(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    caller.requireServer();
    int limit = CouponRoutes.limit(ctx);
    EventsRequest request = new EventsRequest(ctx.pathParam("tenant_id"), after(ctx.queryParams().getAll("after")), limit);
    bus.forward(ctx, Addresses.EVENTS_REPLAY, request.toJson());
  }

  /** The event id to read after, in its canonical form; null when none is given. */
  private static String after(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1 || !values.get(0).matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
      throw INVALID_AFTER.exception();
    }
    return UUID.fromString(values.get(0)).toString();
  }
}
