package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.RollbackRequest;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Rolling a redemption back: the studio's server gives the use back, e.g. when granting the reward failed. */
final class RedemptionRoutes {

  static final int MAX_REASON_LENGTH = 500;

  private final BusForwarder bus;

  RedemptionRoutes(BusForwarder bus) {
    this.bus = bus;
  }

  /** @param base where the routes start: the studio's /v1/coupons/:tenant_id, or the console's API */
  void mount(Router router, String base) {
    router.post(base + "/redemptions/:redemption_id/rollback").handler(this::rollback);
  }

  private void rollback(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    caller.requireServer();
    Object reason = JsonBodies.object(ctx).getValue("reason");
    if (!(reason instanceof String text) || text.isBlank() || text.length() > MAX_REASON_LENGTH) {
      throw ApiError.badRequest("invalid_reason", "reason is required: 1 to " + MAX_REASON_LENGTH + " characters").exception();
    }
    RollbackRequest request = new RollbackRequest(caller.tenantId(), ctx.pathParam("redemption_id"), text);
    bus.forward(ctx, Addresses.ROLLBACK_REDEMPTION, request.toJson());
  }
}
