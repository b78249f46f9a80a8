package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Pages;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.PlayerRequest;
import gg.phoenix.coupons.bus.RedeemRequest;
import gg.phoenix.coupons.bus.ValidateRequest;
import gg.phoenix.coupons.http.auth.AuthErrors;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The six endpoints of the API guide. Each checks its input, checks that the caller may act for the
 * player it names, and forwards the request over the event bus to the coupon verticle.
 */
final class CouponRoutes {

  static final int MAX_CODE_LENGTH = 64;
  static final int MAX_USER_ID_LENGTH = 255;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = Pages.MAX_LIMIT;

  private final BusForwarder bus;
  private final ClientAddresses clients;

  CouponRoutes(BusForwarder bus, ClientAddresses clients) {
    this.bus = bus;
    this.clients = clients;
  }

  /** @param base where the routes start: the studio's /v1/coupons/:tenant_id, or the console's API */
  void mount(Router router, String base) {
    // The router tries routes in order, each with a regular expression: the two hot paths first. They are the
    // players' and their servers' own: console users look players up, and redeem for nobody.
    if (!base.equals(ConsoleRoutes.API)) {
      router.get(base + "/validate/:code").handler(this::validate);
      router.post(base + "/redeem/:code").handler(this::redeem);
    }
    router.get(base + "/definitions").handler(this::definitions);
    router.get(base + "/user/:user_id").handler(this::userCoupons);
    router.get(base + "/user/:user_id/redemptions").handler(this::redemptions);
    router.get(base + "/user/:user_id/:coupon_id").handler(this::userCoupon);
  }

  private void definitions(RoutingContext ctx) {
    Paging.Page page = Paging.of(ctx);
    bus.request(ctx, Addresses.DEFINITIONS_LIST, new PlayerRequest(tenant(ctx), null, null, page.limit(), page.cursor()).toJson())
        .onSuccess(reply -> respondLocalized(ctx, reply, reply.body().getJsonArray("definitions")))
        .onFailure(ctx::fail);
  }

  /** Answers the reply with these definitions of it in the player's language ({@link Localized}). */
  private static void respondLocalized(RoutingContext ctx, Message<JsonObject> reply, JsonArray definitions) {
    String language = Localized.definitions(definitions, ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    if (language != null) {
      ctx.response().putHeader(HttpHeaders.CONTENT_LANGUAGE, language);
    }
    ctx.response().headers().add(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
    BusForwarder.respond(ctx, reply, 200);
  }

  private void userCoupons(RoutingContext ctx) {
    String userId = pathUser(ctx);
    Paging.Page page = Paging.of(ctx);
    bus.forward(ctx, Addresses.USER_COUPONS, new PlayerRequest(tenant(ctx), userId, null, page.limit(), page.cursor()).toJson());
  }

  private void userCoupon(RoutingContext ctx) {
    PlayerRequest request = new PlayerRequest(tenant(ctx), pathUser(ctx), ctx.pathParam("coupon_id"), null, null);
    bus.forward(ctx, Addresses.USER_COUPON, request.toJson());
  }

  private void redemptions(RoutingContext ctx) {
    bus.forward(ctx, Addresses.USER_REDEMPTIONS, new PlayerRequest(tenant(ctx), pathUser(ctx), null, limit(ctx), null).toJson());
  }

  /**
   * A player's token validates as that player; a server may name one with ?user_id= and describe them with the
   * context parameters ({@link PlayerContexts}).
   */
  private void validate(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    String userId = ctx.queryParams().get("user_id");
    if (userId != null) {
      authorizeUser(ctx, checkUserId(userId));
    } else {
      userId = caller.playerId();
    }
    // a captured signed read can be sent again, with any ?user_id= added: its miss is counted once, by its signature
    ValidateRequest request = new ValidateRequest(tenant(ctx), code(ctx), userId,
        PlayerContexts.ofValidate(caller, ctx.queryParams()), caller.kind().wire(), clients.countedAs(ctx), caller.signatureId());
    bus.request(ctx, Addresses.VALIDATE, request.toJson()).onSuccess(reply -> {
      JsonObject definition = reply.body().getJsonObject("definition");
      respondLocalized(ctx, reply, definition == null ? new JsonArray() : new JsonArray().add(definition));
    }).onFailure(ctx::fail);
  }

  private void redeem(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    JsonObject body = JsonBodies.object(ctx);
    Object given = body.getValue("user_id");
    if (given == null && caller.playerId() != null) {
      given = caller.playerId();
    }
    if (!(given instanceof String userId)) {
      throw ApiError.badRequest("invalid_user_id", "user_id is required and must be a string").exception();
    }
    authorizeUser(ctx, checkUserId(userId));
    RedeemRequest request = new RedeemRequest(tenant(ctx), code(ctx), userId, PlayerContexts.ofRedeem(caller, body),
        caller.kind().wire(), clients.countedAs(ctx));
    bus.forward(ctx, Addresses.REDEEM, request.toJson());
  }

  private static String tenant(RoutingContext ctx) {
    return ctx.<Caller>get(Caller.CONTEXT_KEY).tenantId();
  }

  private static String pathUser(RoutingContext ctx) {
    String userId = checkUserId(ctx.pathParam("user_id"));
    authorizeUser(ctx, userId);
    return userId;
  }

  private static void authorizeUser(RoutingContext ctx, String userId) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    if (!caller.mayActFor(userId)) {
      throw AuthErrors.OTHER_USER.exception();
    }
  }

  private static String checkUserId(String userId) {
    if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID_LENGTH) {
      throw ApiError.badRequest("invalid_user_id", "user_id must be 1 to " + MAX_USER_ID_LENGTH + " characters").exception();
    }
    return userId;
  }

  private static String code(RoutingContext ctx) {
    String code = ctx.pathParam("code").strip();
    if (code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
      throw ApiError.badRequest("invalid_code", "A coupon code is 1 to " + MAX_CODE_LENGTH + " characters").exception();
    }
    return code;
  }

  /** Any positive whole number; values above {@link #MAX_LIMIT} (however large) are capped. */
  static int limit(RoutingContext ctx) {
    return limit(ctx, DEFAULT_LIMIT);
  }

  static int limit(RoutingContext ctx, int defaultLimit) {
    String raw = ctx.queryParams().get("limit");
    if (raw == null) {
      return defaultLimit;
    }
    if (!raw.matches("\\d{1,100}") || raw.matches("0+")) {
      throw ApiError.badRequest("invalid_limit", "limit must be a whole number from 1 (values above " + MAX_LIMIT + " are capped)").exception();
    }
    String digits = raw.replaceFirst("^0+", "");
    return digits.length() > 4 ? MAX_LIMIT : Math.min(Integer.parseInt(digits), MAX_LIMIT);
  }

}
