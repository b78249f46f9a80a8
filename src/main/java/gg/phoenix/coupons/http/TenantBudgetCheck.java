package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiException;
import gg.phoenix.coupons.budget.LeaseSource;
import gg.phoenix.coupons.budget.TenantBudgets;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Spends one token of the authenticated tenant's request budget, after authentication: a request that has not
 * proved its tenant cannot spend that tenant's budget. Past the budget: 429 {@code rate_limited} with
 * {@code Retry-After} and the IETF draft's {@code RateLimit-Policy} and {@code RateLimit} fields
 * (draft-ietf-httpapi-ratelimit-headers-10).
 */
final class TenantBudgetCheck implements Handler<RoutingContext> {

  private final TenantBudgets budgets;
  private final LeaseSource leases;
  private final String policy;

  TenantBudgetCheck(TenantBudgets budgets, LeaseSource leases) {
    this.budgets = budgets;
    this.leases = leases;
    this.policy = "\"tenant\";q=" + budgets.ratePerSecond() + ";w=1";
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    Future<Void> token = budgets.take(caller.tenantId(), leases);
    if (token.succeeded()) {
      ctx.next();
    } else if (token.failed()) {
      refuse(ctx, token.cause());
    } else {
      token.onComplete(done -> {
        if (done.succeeded()) {
          ctx.next();
        } else {
          refuse(ctx, done.cause());
        }
      });
    }
  }

  private void refuse(RoutingContext ctx, Throwable cause) {
    if (cause instanceof ApiException api && api.error().retryAfterSeconds() != null) {
      ctx.response()
          .putHeader("RateLimit-Policy", policy)
          .putHeader("RateLimit", "\"tenant\";r=0;t=" + api.error().retryAfterSeconds());
    }
    ctx.fail(cause);
  }
}
