package gg.phoenix.coupons.common;

import io.vertx.core.json.JsonObject;

/**
 * A failure meant for the caller: the HTTP status, a machine code and the human message.
 * It crosses the event bus as the failure message of a reply, encoded as JSON.
 */
public record ApiError(int status, String code, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("error", code).put("message", message);
  }

  public ApiException exception() {
    return new ApiException(this);
  }

  public static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  public static ApiError notFound(String code, String message) {
    return new ApiError(404, code, message);
  }

  /** Reads an error back from an event-bus failure message; null when the message is not one. */
  public static ApiError fromFailure(int status, String failureMessage) {
    if (failureMessage == null || !failureMessage.startsWith("{")) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(failureMessage);
      return new ApiError(status, json.getString("error"), json.getString("message"));
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
