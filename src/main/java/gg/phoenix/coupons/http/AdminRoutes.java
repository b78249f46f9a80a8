package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.ManagementRequest;
import gg.phoenix.coupons.http.auth.FailureThrottle;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The platform operator's endpoints under /v1/admin, behind the admin token from configuration
 * (ADMIN_TOKEN), on the ops listener only ({@link OpsVerticle}). With no token configured they answer 404, as if
 * they did not exist. Wrong tokens are throttled per client address ({@link FailureThrottle}).
 */
final class AdminRoutes {

  private static final ApiError DISABLED = ApiError.notFound("admin_disabled", "The admin API is off: set ADMIN_TOKEN to enable it");
  private static final ApiError BAD_TOKEN = new ApiError(401, "unauthorized", "A valid admin token is required");

  private final BusForwarder bus;
  private final byte[] tokenDigest;
  private final FailureThrottle throttle;
  private final ClientAddresses clients;

  AdminRoutes(BusForwarder bus, String adminToken, FailureThrottle throttle, ClientAddresses clients) {
    this.bus = bus;
    this.tokenDigest = adminToken.isEmpty() ? null : sha256(adminToken);
    this.throttle = throttle;
    this.clients = clients;
  }

  void mount(Router router) {
    router.route("/v1/admin/*").handler(this::authenticate);
    router.post("/v1/admin/tenants").handler(ctx ->
        bus.forward(ctx, Addresses.ADMIN_TENANT_CREATE, ManagementRequest.operator(null, JsonBodies.object(ctx)).toJson(), 201));
    router.get("/v1/admin/tenants/:id").handler(ctx -> bus.forward(ctx, Addresses.ADMIN_TENANT_GET, tenant(ctx).toJson()));
    router.post("/v1/admin/tenants/:id/secret/rotate").handler(ctx -> bus.forward(ctx, Addresses.ADMIN_TENANT_ROTATE, tenant(ctx).toJson()));
    // The tenant's console user, answered with a one-time invitation link (the first owner is made this way).
    router.post("/v1/admin/tenants/:id/console-users").handler(ctx -> bus.forward(ctx, Addresses.CONSOLE_INVITE,
        new ManagementRequest(ctx.pathParam("id"), null, JsonBodies.object(ctx)).toJson(), 201));
    router.patch("/v1/admin/tenants/:id").handler(ctx ->
        bus.forward(ctx, Addresses.ADMIN_TENANT_UPDATE, tenant(ctx).withBody(JsonBodies.object(ctx)).toJson()));
  }

  private void authenticate(RoutingContext ctx) {
    if (tokenDigest == null) {
      throw DISABLED.exception();
    }
    String client = clients.countedAs(ctx);
    ApiError refusal = throttle.refusal(client);
    if (refusal != null) {
      throw refusal.exception();
    }
    // A repeated Authorization header is refused, never read as its first value.
    List<String> headers = ctx.request().headers().getAll(HttpHeaders.AUTHORIZATION);
    String header = headers.size() == 1 ? headers.get(0) : null;
    String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
    // Digests have one length whatever the token's, so the comparison's time says nothing about it.
    if (!MessageDigest.isEqual(tokenDigest, sha256(presented))) {
      throw failed(client);
    }
    ctx.next();
  }

  private RuntimeException failed(String client) {
    throttle.failed(client);
    return BAD_TOKEN.exception();
  }

  /** The tenant the path names. */
  private static ManagementRequest tenant(RoutingContext ctx) {
    return ManagementRequest.operator(ctx.pathParam("id"), null);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
