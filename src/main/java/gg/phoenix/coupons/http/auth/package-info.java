/**
 * Who the caller is: tenant JWTs and HMAC-signed requests ({@link gg.phoenix.coupons.http.auth.TenantAuth}), replays
 * refused once across instances, tenant credentials cached briefly, the {@link gg.phoenix.coupons.http.auth.Caller}
 * handed to the routes, the 401/403 answers, and the admin-token throttle. It asks the tenant verticle over the event
 * bus and never imports {@code http}: the routes use it, not the reverse.
 */
package gg.phoenix.coupons.http.auth;
