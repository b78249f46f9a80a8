import gg.phoenix.coupons.budget.LeaseSource;
import gg.phoenix.coupons.budget.RedisLeases;
import gg.phoenix.coupons.budget.TenantBudgets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tenant budget adds to a request: {@code TenantBudgets.take} in a loop, on one thread and then on two at
 * once on the same tenant (the lock), against real Redis, and how many Redis calls it made. The budget is set high
 * (10,000,000/s) so that the loop measures the path every request takes, not refusals. Run from the project's
 * classpath: java -cp target/classes:$(deps) bench/vertx/BudgetCost.java [redis://127.0.0.1:6379/9]
 */
public class BudgetCost {

  private static final int ROUNDS = 15;
  private static final int PER_ROUND = 1_000_000;

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/9";
    Vertx vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, url);
    int rate = 10_000_000;
    AtomicLong calls = new AtomicLong();
    int burst = 100_000_000;
    RedisLeases redisLeases = new RedisLeases(RedisAPI.api(redis), 1000, rate, burst);
    LeaseSource counted = (tenant, wanted) -> {
      calls.incrementAndGet();
      return redisLeases.take(tenant, wanted);
    };
    TenantBudgets budgets = new TenantBudgets(rate, burst);
    String tenant = "budget-cost-" + UUID.randomUUID();
    try {
      for (int threads : new int[] {1, 2}) {
        calls.set(0);
        long[] nanosPerTake = new long[ROUNDS];
        long[] waited = new long[2];
        for (int round = 0; round < ROUNDS; round++) {
          CountDownLatch done = new CountDownLatch(threads);
          long started = System.nanoTime();
          for (int t = 0; t < threads; t++) {
            new Thread(() -> {
              long pending = 0;
              long refused = 0;
              for (int i = 0; i < PER_ROUND; i++) {
                Future<Void> token = budgets.take(tenant, counted);
                if (!token.isComplete()) {
                  pending++;
                  token.await();
                }
                if (token.failed()) {
                  refused++;
                }
              }
              synchronized (waited) {
                waited[0] += pending;
                waited[1] += refused;
              }
              done.countDown();
            }).start();
          }
          done.await();
          nanosPerTake[round] = (System.nanoTime() - started) / PER_ROUND;
        }
        long[] sorted = nanosPerTake.clone();
        Arrays.sort(sorted);
        long total = (long) ROUNDS * PER_ROUND * threads;
        System.out.printf("budget take, %d thread(s) on one tenant: median %d ns per take per thread's request "
                + "(rounds %s); %d Redis calls for %,d takes (chunk %d); %d takes waited for a chunk, %d refused%n",
            threads, sorted[ROUNDS / 2], Arrays.toString(nanosPerTake), calls.get(), total, budgets.chunk(), waited[0], waited[1]);
      }
    } finally {
      RedisAPI.api(redis).del(java.util.List.of("coupons:budget:{" + tenant + "}")).await();
      vertx.close().await();
    }
  }
}
