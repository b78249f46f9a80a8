package gg.phoenix.coupons.http;

import gg.phoenix.coupons.common.ApiError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request bodies as JSON objects; anything else is a 400. */
final class JsonBodies {

  private static final ApiError NOT_AN_OBJECT = ApiError.badRequest("invalid_json", "The body must be a JSON object");

  private JsonBodies() {
  }

  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw NOT_AN_OBJECT.exception();
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw NOT_AN_OBJECT.exception();
    }
  }
}
