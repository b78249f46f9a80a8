package gg.phoenix.coupons.api;

import io.vertx.core.json.JsonObject;

/**
 * A failure meant for the caller: the HTTP status, a machine code and the human message, and for a 429
 * the seconds after which to retry. It crosses the event bus as the failure message of a reply, as JSON.
 */
public record ApiError(int status, String code, String message, Long retryAfterSeconds) {

  /** Whatever went wrong inside: the caller learns no more than this (the log has the cause). */
  public static final ApiError INTERNAL = new ApiError(500, "internal_error", "Internal server error");

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** The body the caller sees. */
  public JsonObject toJson() {
    return new JsonObject().put("error", code).put("message", message);
  }

  /** The failure message of an event-bus reply. */
  public String toFailure() {
    JsonObject json = toJson();
    return (retryAfterSeconds == null ? json : json.put("retry_after", retryAfterSeconds)).encode();
  }

  public static ApiError tooManyAttempts(long retryAfterSeconds) {
    return new ApiError(429, "too_many_attempts",
        "Too many unknown codes; try again in " + retryAfterSeconds + " seconds", retryAfterSeconds);
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
      return new ApiError(status, json.getString("error"), json.getString("message"), json.getLong("retry_after"));
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
