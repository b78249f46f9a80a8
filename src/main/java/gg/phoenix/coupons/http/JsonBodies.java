package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Utf16;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/** Request bodies as JSON objects; anything else is a 400. */
final class JsonBodies {

  private static final ApiError NOT_AN_OBJECT = ApiError.badRequest("invalid_json", "The body must be a JSON object");

  private JsonBodies() {
  }

  /** Whether any key or string value, at any depth, passes {@code test}. */
  private static boolean anyText(Object value, Predicate<String> test) {
    if (value instanceof String text) {
      return test.test(text);
    }
    if (value instanceof JsonObject object) {
      return object.getMap().entrySet().stream()
          .anyMatch(e -> test.test(e.getKey()) || anyText(object.getValue(e.getKey()), test));
    }
    if (value instanceof JsonArray array) {
      return array.stream().anyMatch(entry -> anyText(entry, test));
    }
    return false;
  }

  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw NOT_AN_OBJECT.exception();
      }
      if (anyText(body, text -> text.indexOf('\0') >= 0)) {
        throw MalformedRequests.NUL.exception();
      }
      if (anyText(body, Utf16::holdsLoneSurrogate)) {
        throw MalformedRequests.LONE_SURROGATE.exception();
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw NOT_AN_OBJECT.exception();
    }
  }
}
