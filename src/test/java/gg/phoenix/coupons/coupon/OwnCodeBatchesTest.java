package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.coupon.CouponStore.Attempt;
import gg.phoenix.coupons.coupon.CouponStore.OwnCode;
import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Own-coupon redemptions queued while a batch is under way leave together in one statement, and a batch never
 * gives one coupon's use to two entries, nor loses the others' answers when PostgreSQL refuses it.
 */
@ExtendWith(TestService.class)
class OwnCodeBatchesTest {

  @Fixture private static Vertx vertx;
  @Fixture private static Pool pool;
  private static Context loop;

  private Seed.Tenant tenant;
  private UUID definition;

  @BeforeAll
  static void oneLoop() {
    loop = vertx.getOrCreateContext();
  }

  @BeforeEach
  void seed() {
    tenant = Seed.tenant();
    definition = Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), DefinitionSpec.singleUse());
  }

  private String coupon() {
    String code = Seed.uniqueCode("BATCH");
    Seed.coupon(tenant.id(), definition, null, code);
    return code;
  }

  private OwnCode entry(String code, String userId) {
    return new OwnCode(tenant.id(), code, userId, gg.phoenix.coupons.api.PlayerContext.NONE, Instant.now());
  }

  /** Queues every entry in one turn of the event loop, as requests arriving together do, and waits for all answers. */
  private static List<Attempt> redeemTogether(OwnCodeBatches batches, List<OwnCode> entries) {
    CompletableFuture<List<Attempt>> all = new CompletableFuture<>();
    loop.runOnContext(v -> Future.all(entries.stream().map(e -> batches.redeem(e, new CouponStore(pool))).toList())
        .onSuccess(done -> all.complete(done.list()))
        .onFailure(all::completeExceptionally));
    return all.join();
  }

  private long redemptionsOf(String code) {
    return Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = ?", code);
  }

  @Test
  @DisplayName("20 redemptions arriving together take two statements: the first alone, the other 19 in one batch")
  void queuedTogether() {
    OwnCodeBatches batches = new OwnCodeBatches(1, 32);
    List<String> codes = IntStream.range(0, 20).mapToObj(i -> coupon()).toList();
    long before = Counters.COUPON_QUERIES.get();

    List<Attempt> attempts = redeemTogether(batches, codes.stream().map(code -> entry(code, "player-" + code)).toList());

    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements").isEqualTo(2);
    for (int i = 0; i < codes.size(); i++) {
      Attempt attempt = attempts.get(i);
      assertThat(attempt.use()).as("use of " + codes.get(i)).isNotNull();
      assertThat(attempt.use().userId()).isEqualTo("player-" + codes.get(i));
      assertThat(attempt.coupon().orElseThrow().code()).isEqualTo(codes.get(i));
    }
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE tenant_id = ?", tenant.id())).isEqualTo(20);
    assertThat(Seed.count("SELECT count(DISTINCT event_id) FROM outbox_events WHERE tenant_id = ? AND type = 'coupon.redeemed'"
        + " AND payload->>'user_id' = 'player-' || (payload->'coupon'->>'code')", tenant.id())).isEqualTo(20);
  }

  @Test
  @DisplayName("a batch holds at most the batch size: 1 + 9 entries with size 4 take 1 + 3 statements")
  void batchSize() {
    OwnCodeBatches batches = new OwnCodeBatches(1, 4);
    List<String> codes = IntStream.range(0, 10).mapToObj(i -> coupon()).toList();
    long before = Counters.COUPON_QUERIES.get();

    List<Attempt> attempts = redeemTogether(batches, codes.stream().map(code -> entry(code, "p")).toList());

    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements").isEqualTo(4);
    assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.use()).isNotNull());
  }

  @Test
  @DisplayName("one single-use coupon entered three times in one batch is used once; unknown codes come back empty")
  void sameCouponTwiceInOneBatch() {
    OwnCodeBatches batches = new OwnCodeBatches(1, 32);
    String first = coupon();
    String contested = coupon();
    List<OwnCode> entries = List.of(entry(first, "a"), entry(contested, "b"), entry("NO-SUCH-CODE", "c"),
        entry(contested.toLowerCase(), "d"), entry(contested, "e"));

    List<Attempt> attempts = redeemTogether(batches, entries);

    assertThat(attempts.get(0).use()).isNotNull();
    assertThat(attempts.get(2).coupon()).isEmpty();
    List<Attempt> onContested = List.of(attempts.get(1), attempts.get(3), attempts.get(4));
    assertThat(onContested).allSatisfy(a -> assertThat(a.coupon()).isPresent());
    assertThat(onContested).filteredOn(a -> a.use() != null).hasSize(1);
    assertThat(redemptionsOf(contested)).isEqualTo(1);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE payload->'coupon'->>'code' = ?", contested)).isEqualTo(1);
  }

  @Test
  @DisplayName("a batch PostgreSQL refuses is tried again entry by entry: the others are redeemed, the bad one fails alone")
  void refusedBatch() {
    OwnCodeBatches batches = new OwnCodeBatches(1, 32);
    String lead = coupon();
    String before = coupon();
    String after = coupon();
    // PostgreSQL's text cannot hold a NUL character: the whole statement is refused.
    List<OwnCode> entries = List.of(entry(lead, "p"), entry(before, "p"), entry("BAD\u0000CODE", "p"), entry(after, "p"));

    List<Future<Attempt>> answers = new ArrayList<>();
    CompletableFuture<Void> settled = new CompletableFuture<>();
    loop.runOnContext(v -> {
      entries.forEach(e -> answers.add(batches.redeem(e, new CouponStore(pool))));
      Future.join(answers).onComplete(done -> settled.complete(null));
    });
    settled.join();

    assertThat(answers.get(0).result().use()).isNotNull();
    assertThat(answers.get(1).result().use()).isNotNull();
    assertThat(answers.get(3).result().use()).isNotNull();
    assertThat(answers.get(2).cause()).isInstanceOf(PgException.class);
    assertThat(List.of(lead, before, after)).allSatisfy(code -> assertThat(redemptionsOf(code)).isEqualTo(1));
  }

  @Test
  @DisplayName("two event loops share one batch limit: while one statement waits on a row lock, both loops' entries "
      + "queue and leave together in the next, and each answer comes back on the loop that asked")
  void sharedAcrossEventLoops() throws Exception {
    OwnCodeBatches batches = new OwnCodeBatches(1, 32);
    List<String> codes = IntStream.range(0, 20).mapToObj(i -> coupon()).toList();
    RowLock held = new RowLock(codes.get(0));
    long before = Counters.COUPON_QUERIES.get();

    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    List<CompletableFuture<Boolean>> answeredOnAsker = new ArrayList<>();
    List<CompletableFuture<Attempt>> attempts = new ArrayList<>();
    CountDownLatch queued = new CountDownLatch(codes.size() - 1);
    for (int i = 0; i < codes.size(); i++) {
      CompletableFuture<Boolean> onAsker = new CompletableFuture<>();
      CompletableFuture<Attempt> attempt = new CompletableFuture<>();
      answeredOnAsker.add(onAsker);
      attempts.add(attempt);
      Context asker = i < 10 ? first : second;
      OwnCode entry = entry(codes.get(i), "player-" + i);
      boolean leading = i == 0;
      asker.runOnContext(v -> {
        batches.redeem(entry, new CouponStore(pool)).onComplete(done -> {
          onAsker.complete(Vertx.currentContext() == asker);
          if (done.succeeded()) {
            attempt.complete(done.result());
          } else {
            attempt.completeExceptionally(done.cause());
          }
        });
        if (!leading) {
          queued.countDown();
        }
      });
      if (leading) {
        awaitLockWait(); // the first entry's statement now waits on the held row lock
      }
    }
    assertThat(queued.await(10, TimeUnit.SECONDS)).as("the other 19 queued").isTrue();
    held.release();

    assertThat(attempts).allSatisfy(a -> assertThat(a.get(30, TimeUnit.SECONDS).use()).isNotNull());
    assertThat(answeredOnAsker).allSatisfy(a -> assertThat(a.get()).isTrue());
    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements").isEqualTo(2);
  }

  @Test
  @DisplayName("a batch whose connection PostgreSQL terminates is not tried again: its entries fail, nothing of it committed")
  void terminatedBatchNotRetried() throws Exception {
    OwnCodeBatches batches = new OwnCodeBatches(1, 32);
    String lead = coupon();
    String free = coupon();
    String locked = coupon();
    RowLock leadHeld = new RowLock(lead);
    RowLock lockedHeld = new RowLock(locked);
    long before = Counters.COUPON_QUERIES.get();

    List<Future<Attempt>> answers = new ArrayList<>();
    CompletableFuture<Void> leadAnswered = new CompletableFuture<>();
    CompletableFuture<Void> settled = new CompletableFuture<>();
    loop.runOnContext(v -> {
      answers.add(batches.redeem(entry(lead, "p"), new CouponStore(pool)) // alone, waits on its held lock
          .onComplete(done -> leadAnswered.complete(null)));
      answers.add(batches.redeem(entry(free, "p"), new CouponStore(pool))); // these two queue behind it
      answers.add(batches.redeem(entry(locked, "p"), new CouponStore(pool)));
      Future.join(answers).onComplete(done -> settled.complete(null));
    });
    awaitLockWait();
    leadHeld.release(); // the lead's statement ends; the batch of the other two then waits on the locked row
    leadAnswered.get(30, TimeUnit.SECONDS);
    awaitLockWait();
    Seed.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%unnest%'");
    settled.get(30, TimeUnit.SECONDS);
    lockedHeld.release();

    assertThat(answers.get(0).result().use()).isNotNull();
    assertThat(answers.get(1).failed()).as("the free coupon's answer").isTrue();
    assertThat(answers.get(2).failed()).as("the locked coupon's answer").isTrue();
    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements: the lead's and the batch's, no retry").isEqualTo(2);
    assertThat(redemptionsOf(free)).isZero();
    assertThat(redemptionsOf(locked)).isZero();
  }

  /** A coupon's row locked by a transaction of its own until release(): a batch that needs the row waits for it. */
  private static final class RowLock {

    private final SqlConnection connection;
    private final Transaction transaction;

    RowLock(String code) {
      connection = await(pool.getConnection());
      transaction = await(connection.begin());
      await(connection.preparedQuery("SELECT id FROM coupons WHERE code = $1 FOR UPDATE").execute(Tuple.of(code)));
    }

    void release() {
      await(transaction.rollback());
      await(connection.close());
    }
  }

  private static void awaitLockWait() throws InterruptedException {
    for (int tries = 0; tries < 200; tries++) {
      if (Seed.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%unnest%'") > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no batch waited on a held row lock");
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
