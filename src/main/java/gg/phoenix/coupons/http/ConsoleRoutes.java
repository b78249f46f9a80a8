package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.ManagementRequest;
import gg.phoenix.coupons.http.auth.Caller;
import gg.phoenix.coupons.http.auth.ConsoleRole;
import gg.phoenix.coupons.http.auth.ConsoleUser;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Locale;

/**
 * The console's own API under {@value #API}: using an invitation, signing in and out, who is signed in, and the
 * tenant's console users. Every other console call reaches the studio's management routes, mounted a second time
 * under {@value #API} (HttpVerticle): {@link #authenticate} makes the signed-in user their {@link Caller}, with the
 * tenant taken from the session (no console path names a tenant), after checking the user's role against the route
 * ({@link ConsoleRole#neededFor}).
 */
final class ConsoleRoutes {

  static final String API = "/console/api";
  private static final String USER_KEY = "user_id";
  private static final String EPOCH_KEY = "session_epoch";
  private static final ApiError SIGNED_OUT = new ApiError(401, "unauthorized", "Sign in to the console first");

  private final BusForwarder bus;
  private final ClientAddresses clients;
  private final ConsoleThrottles throttles;

  ConsoleRoutes(BusForwarder bus, ClientAddresses clients, ConsoleThrottles throttles) {
    this.bus = bus;
    this.clients = clients;
    this.throttles = throttles;
  }

  /** Mounts the routes that need no signed-in user, then the check every other console route passes. */
  void mount(Router router) {
    router.post(API + "/sign-in").handler(this::signIn);
    router.post(API + "/invitations/accept").handler(ctx ->
        bus.forward(ctx, Addresses.CONSOLE_ACCEPT_INVITATION, new ManagementRequest(null, null, JsonBodies.object(ctx)).toJson()));
    router.route(API + "/*").handler(this::authenticate);
    router.get(API + "/session").handler(ctx -> ctx.json(view(user(ctx))));
    router.post(API + "/sign-out").handler(this::signOut);
    router.get(API + "/users").handler(ctx -> bus.forward(ctx, Addresses.CONSOLE_USERS_LIST,
        Paging.into(ctx, new JsonObject().put("tenant_id", caller(ctx).tenantId()))));
    router.post(API + "/users").handler(ctx -> bus.forward(ctx, Addresses.CONSOLE_INVITE,
        new ManagementRequest(caller(ctx).tenantId(), null, JsonBodies.object(ctx)).toJson(), 201));
    router.patch(API + "/users/:id").handler(ctx -> bus.forward(ctx, Addresses.CONSOLE_USER_UPDATE,
        new ManagementRequest(caller(ctx).tenantId(), ctx.pathParam("id"), JsonBodies.object(ctx)).toJson()));
    router.delete(API + "/users/:id").handler(ctx -> bus.forward(ctx, Addresses.CONSOLE_USER_REMOVE,
        new ManagementRequest(caller(ctx).tenantId(), ctx.pathParam("id"), null).toJson()));
  }

  /**
   * Checks the password (throttled per client address and per account), then gives the session a new id, so that a
   * session id planted before sign-in is worth nothing after it.
   */
  private void signIn(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    String address = clients.countedAs(ctx);
    String account = body.getValue("email") instanceof String email ? email.strip().toLowerCase(Locale.ROOT) : "";
    ApiError refusal = throttles.addresses().refusal(address);
    if (refusal == null) {
      refusal = throttles.accounts().refusal(account);
    }
    if (refusal != null) {
      throw refusal.exception();
    }
    bus.request(ctx, Addresses.CONSOLE_SIGN_IN, new ManagementRequest(null, null, body).toJson()).onComplete(done -> {
      if (done.failed()) {
        throttles.addresses().failed(address);
        throttles.accounts().failed(account);
        ctx.fail(done.cause());
        return;
      }
      ConsoleUser user = ConsoleUser.fromJson(done.result().body());
      Session session = ctx.session();
      session.regenerateId();
      session.put(USER_KEY, user.id());
      session.put(EPOCH_KEY, user.sessionEpoch());
      ctx.json(view(user));
    });
  }

  /** Ends every session of the user, on every device, then this one. */
  private void signOut(RoutingContext ctx) {
    ConsoleUser user = user(ctx);
    bus.request(ctx, Addresses.CONSOLE_SIGN_OUT_EVERYWHERE, new ManagementRequest(null, user.id(), null).toJson())
        .onSuccess(done -> {
          ctx.session().destroy();
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  /**
   * The session's user, as it is now (a removed user, a new role or a sign-out elsewhere ends the session), allowed
   * the route by its role: else 401 or 403.
   */
  private void authenticate(RoutingContext ctx) {
    Session session = ctx.session();
    String userId = session == null ? null : session.get(USER_KEY);
    if (userId == null) {
      throw SIGNED_OUT.exception();
    }
    bus.request(ctx, Addresses.CONSOLE_USER_GET, new ManagementRequest(null, userId, null).toJson()).onComplete(done -> {
      ConsoleUser user = done.succeeded() ? ConsoleUser.fromJson(done.result().body()) : null;
      Integer epoch = session.get(EPOCH_KEY);
      if (user == null || user.role() == null || epoch == null || epoch != user.sessionEpoch()) {
        session.destroy();
        ctx.fail(done.failed() && !isNotFound(done.cause()) ? done.cause() : SIGNED_OUT.exception());
        return;
      }
      ConsoleRole needed = ConsoleRole.neededFor(ctx.request().method(), ctx.normalizedPath().substring(API.length()));
      if (!user.role().includes(needed)) {
        ctx.fail(new ApiError(403, "forbidden", "Access denied: this needs the " + needed.wire() + " role").exception());
        return;
      }
      ctx.put(Caller.CONTEXT_KEY, Caller.console(user));
      ctx.next();
    });
  }

  private static boolean isNotFound(Throwable cause) {
    return cause instanceof io.vertx.core.eventbus.ReplyException reply && reply.failureCode() == 404;
  }

  private static Caller caller(RoutingContext ctx) {
    return ctx.get(Caller.CONTEXT_KEY);
  }

  private static ConsoleUser user(RoutingContext ctx) {
    return caller(ctx).consoleUser();
  }

  private static JsonObject view(ConsoleUser user) {
    return new JsonObject().put("id", user.id()).put("tenant_id", user.tenantId()).put("email", user.email())
        .put("role", user.role().wire());
  }
}
