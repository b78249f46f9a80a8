/**
 * The service's shared vocabulary, as callers see it: the one error shape ({@link gg.phoenix.coupons.api.ApiError},
 * {@code {"error", "message"}}), typed request fields, ids, UTC timestamps, page cursors, the guide's request
 * signature and IP address ranges. Pure values and functions: it imports no other package of the service, and holds
 * no client, verticle or state.
 */
package gg.phoenix.coupons.api;
