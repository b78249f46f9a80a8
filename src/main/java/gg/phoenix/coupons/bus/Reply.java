package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/**
 * An answer whose success status is not the route's default (e.g. 202 for a generation queued as a job): a handler
 * returns it from its future and {@link Replies#answer} sends the body with the status in {@link ReplyHeaders#STATUS}.
 */
public record Reply(int status, JsonObject body) {
}
