/**
 * The public listener and the ops listener: routes, request and response shapes (JSON bodies, request ids, the error
 * mapping in {@link gg.phoenix.coupons.http.ErrorResponses}, security headers), CORS, slow clients and
 * Idempotency-Key forwarding. Who the caller is, is {@code http.auth}'s. Every route forwards over the event bus:
 * nothing here writes SQL, holds a business rule or imports another package's verticle.
 */
package gg.phoenix.coupons.http;
