/**
 * Each tenant's request budget: a token bucket per tenant shared by every instance through Redis
 * ({@link gg.phoenix.coupons.budget.RedisLeases}, lua/take_budget.lua) and spent locally a lease at a time, and the
 * in-process {@link gg.phoenix.coupons.budget.TokenBucket} it falls back on (also behind the admin-token throttle).
 * It decides whether a request may be spent, not what the request does: no HTTP, SQL or verticle.
 */
package gg.phoenix.coupons.budget;
