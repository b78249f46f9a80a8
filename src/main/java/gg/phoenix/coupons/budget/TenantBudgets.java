package gg.phoenix.coupons.budget;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.redis.RedisOutage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's request budget (TENANT_RATE_LIMIT per second, TENANT_RATE_BURST at once), one token bucket per
 * tenant shared by every instance through Redis, spent locally: this process takes tokens from the shared bucket
 * a chunk at a time (about 10 ms of the rate, at most a tenth of the burst) and hands them to requests from
 * memory, asking for the next chunk in the background when half of one is left. A request waits for Redis only
 * when the process has no token of the tenant at all (its first request, or a chunk spent before the next came).
 *
 * <p>Every token a request spends was taken from the shared bucket, so the instances together never pass more
 * than the bucket gives out; a process only holds some of it early: at most a chunk and a half per tenant (half a
 * chunk left when it asks, and the chunk that comes). What it holds is dropped, not given back, once no chunk has
 * come for {@link #LEASE_NANOS}. With Redis away each process falls
 * back to a bucket of its own with the full rate and burst, and asks Redis again after {@link #RETRY_NANOS}.
 * docs/security.md works out the worst case.
 *
 * <p>One per process, shared by the HTTP verticles; each passes its own {@link LeaseSource} so that Redis calls are
 * made, and answered, on the caller's event loop. Requests waiting for a chunk resume on their own event loop.
 */
public final class TenantBudgets {

  static final long LEASE_NANOS = 1_000_000_000L;
  static final long RETRY_NANOS = 1_000_000_000L;
  private static final Future<Void> GO = Future.succeededFuture();

  private final int ratePerSecond;
  private final int burst;
  private final int chunk;
  private final ConcurrentHashMap<String, Allowance> tenants = new ConcurrentHashMap<>();

  public TenantBudgets(int ratePerSecond, int burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.chunk = Math.max(1, Math.min(ratePerSecond / 100, burst / 10));
  }

  public int ratePerSecond() {
    return ratePerSecond;
  }

  /** Tokens a process takes from the shared bucket at a time. */
  public int chunk() {
    return chunk;
  }

  /**
   * One request's token: a succeeded future when it may go on (at once, in the common case), a failed one with a
   * 429 {@code rate_limited} error when the tenant has spent its budget, or a pending one while a chunk is asked for.
   */
  public Future<Void> take(String tenantId, LeaseSource source) {
    Allowance allowance = tenants.get(tenantId);
    if (allowance == null) {
      allowance = tenants.computeIfAbsent(tenantId, Allowance::new);
    }
    return allowance.take(source);
  }

  /** The refusal: the usual error shape, with the seconds after which a token will be there. */
  public static ApiError exceeded(long retryAfterSeconds) {
    return new ApiError(429, "rate_limited", "This tenant's request budget is spent; try again in "
        + retryAfterSeconds + " seconds", retryAfterSeconds);
  }

  private static Future<Void> refused(long retryAfterSeconds) {
    return Future.failedFuture(exceeded(retryAfterSeconds).exception());
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  /** A request waiting for a chunk, to be resumed on its own event loop. */
  private record Waiter(Context context, Promise<Void> promise) {

    void settle(Future<Void> outcome) {
      Runnable resume = () -> {
        if (outcome.succeeded()) {
          promise.complete();
        } else {
          promise.fail(outcome.cause());
        }
      };
      if (context == null) {
        resume.run();
      } else {
        context.runOnContext(v -> resume.run());
      }
    }
  }

  /** One tenant's tokens in this process. Every field is guarded by the object's lock, held for a few steps only. */
  private final class Allowance {

    private final String tenantId;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long available;
    private long leaseEnds;
    private long emptyUntil;
    private boolean fetching;
    private boolean redisAway;
    private long retryRedisAt;
    private TokenBucket local;

    Allowance(String tenantId) {
      this.tenantId = tenantId;
      long now = System.nanoTime();
      this.leaseEnds = now;
      this.emptyUntil = now;
      this.retryRedisAt = now;
    }

    Future<Void> take(LeaseSource source) {
      Future<Void> answer;
      boolean fetch = false;
      synchronized (this) {
        long now = System.nanoTime();
        if (available > 0 && now - leaseEnds >= 0) {
          available = 0;
        }
        if (available > 0) {
          available--;
          fetch = available <= chunk / 2 && !redisAway && now - emptyUntil >= 0 && startFetch();
          answer = GO;
        } else if (redisAway) {
          fetch = now - retryRedisAt >= 0 && startFetch();
          answer = takeLocally(now);
        } else if (now - emptyUntil < 0) {
          answer = refused(seconds(emptyUntil - now));
        } else {
          Waiter waiter = new Waiter(Vertx.currentContext(), Promise.promise());
          waiters.add(waiter);
          fetch = startFetch();
          answer = waiter.promise().future();
        }
      }
      if (fetch) {
        fetch(source);
      }
      return answer;
    }

    private boolean startFetch() {
      if (fetching) {
        return false;
      }
      fetching = true;
      return true;
    }

    private void fetch(LeaseSource source) {
      Future<Lease> lease;
      try {
        lease = source.take(tenantId, chunk);
      } catch (RuntimeException e) {
        lease = Future.failedFuture(e);
      }
      lease.onComplete(result -> settle(source, result));
    }

    private Future<Void> takeLocally(long now) {
      if (local == null) {
        local = new TokenBucket(ratePerSecond, burst, now);
      }
      return local.tryTake(now) ? GO : refused(local.secondsUntilToken(now));
    }

    /** A chunk came (or Redis failed): hand it to the waiting requests, refuse them if the bucket is empty. */
    private void settle(LeaseSource source, AsyncResult<Lease> result) {
      List<Runnable> resumes = new ArrayList<>();
      boolean again = false;
      synchronized (this) {
        fetching = false;
        long now = System.nanoTime();
        if (result.succeeded()) {
          Lease lease = result.result();
          redisAway = false;
          if (now - leaseEnds >= 0) {
            available = 0;
          }
          available += lease.granted();
          leaseEnds = now + LEASE_NANOS;
          if (lease.granted() == 0) {
            emptyUntil = now + Math.max(1, lease.waitMillis()) * 1_000_000L;
          }
          while (!waiters.isEmpty() && available > 0) {
            available--;
            Waiter waiter = waiters.poll();
            resumes.add(() -> waiter.settle(GO));
          }
          if (!waiters.isEmpty()) {
            if (lease.granted() == 0) {
              Future<Void> no = refused(seconds(emptyUntil - now));
              waiters.forEach(waiter -> resumes.add(() -> waiter.settle(no)));
              waiters.clear();
            } else {
              again = startFetch();
            }
          }
        } else {
          RedisOutage.noticed(result.cause());
          redisAway = true;
          retryRedisAt = now + RETRY_NANOS;
          for (Waiter waiter : waiters) {
            Future<Void> outcome = takeLocally(now);
            resumes.add(() -> waiter.settle(outcome));
          }
          waiters.clear();
        }
      }
      resumes.forEach(Runnable::run);
      if (again) {
        fetch(source);
      }
    }
  }
}
