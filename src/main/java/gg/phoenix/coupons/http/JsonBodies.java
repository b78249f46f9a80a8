package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request bodies as JSON objects; anything else is a 400. */
final class JsonBodies {

  private static final ApiError NOT_AN_OBJECT = ApiError.badRequest("invalid_json", "The body must be a JSON object");

  private JsonBodies() {
  }

  /** Whether any key or string value, at any depth, holds a NUL character. */
  private static boolean holdsNul(Object value) {
    if (value instanceof String text) {
      return text.indexOf('\0') >= 0;
    }
    if (value instanceof JsonObject object) {
      return object.getMap().entrySet().stream().anyMatch(e -> holdsNul(e.getKey()) || holdsNul(object.getValue(e.getKey())));
    }
    if (value instanceof JsonArray array) {
      return array.stream().anyMatch(JsonBodies::holdsNul);
    }
    return false;
  }

  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw NOT_AN_OBJECT.exception();
      }
      if (holdsNul(body)) {
        throw MalformedRequests.NUL.exception();
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw NOT_AN_OBJECT.exception();
    }
  }
}
