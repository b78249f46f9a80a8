package gg.phoenix.coupons.redis.near;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The near cache's maps as configured: how long a copy lives, and how many are kept, on a clock the test moves. */
class LocalCachesBoundsTest {

  private static final long LIFETIME_MILLIS = 5_000;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private LocalCaches caches;

  @BeforeEach
  void subscribed() {
    caches = new LocalCaches(LIFETIME_MILLIS, ticker);
    caches.onSubscribed();
  }

  @Test
  @DisplayName("a row is served for NEAR_CACHE_SECONDS after it was stored, and not a moment longer")
  void rowExpires() {
    caches.put("row", "copy", caches.stamp());
    advance(Duration.ofMillis(LIFETIME_MILLIS - 1));
    assertThat(caches.get("row")).isEqualTo("copy");
    advance(Duration.ofMillis(1));
    assertThat(caches.get("row")).isNull();
  }

  @Test
  @DisplayName("storing a row again starts its lifetime again")
  void rewriteRenews() {
    caches.put("row", "old", caches.stamp());
    advance(Duration.ofMillis(LIFETIME_MILLIS - 1));
    caches.put("row", "new", caches.stamp());
    advance(Duration.ofMillis(LIFETIME_MILLIS - 1));
    assertThat(caches.get("row")).isEqualTo("new");
  }

  @Test
  @DisplayName("rows and definition views together are held to twice MAX_ENTRIES, however many are stored")
  void rowsAreBounded() {
    int stored = 2 * LocalCaches.MAX_ENTRIES + 5_000;
    IntStream.range(0, stored).forEach(i -> caches.put("row:" + i, i, caches.stamp()));
    long kept = IntStream.range(0, stored).filter(i -> caches.get("row:" + i) != null).count();
    assertThat(kept).isPositive().isLessThanOrEqualTo(2 * LocalCaches.MAX_ENTRIES);
  }

  @Test
  @DisplayName("with NEAR_CACHE_SECONDS 0 no row and no snapshot of total uses is kept")
  void zeroKeepsNothing() {
    LocalCaches none = new LocalCaches(0, ticker);
    none.onSubscribed();
    UUID definition = UUID.randomUUID();
    none.put("row", "copy", none.stamp());
    none.totalUses().put(definition, 3, none.totalUses().stamp(definition));
    assertThat(none.get("row")).isNull();
    assertThat(none.totalUses().get(definition)).isNull();
  }

  @Test
  @DisplayName("a snapshot of a definition's total uses lives TotalUses.LIFETIME_MILLIS")
  void totalUsesExpire() {
    UUID definition = UUID.randomUUID();
    TotalUses totalUses = caches.totalUses();
    totalUses.put(definition, 7, totalUses.stamp(definition));
    advance(Duration.ofMillis(TotalUses.LIFETIME_MILLIS - 1));
    assertThat(totalUses.get(definition)).isEqualTo(7);
    advance(Duration.ofMillis(1));
    assertThat(totalUses.get(definition)).isNull();
  }

  @Test
  @DisplayName("snapshots of total uses are held to MAX_ENTRIES definitions")
  void totalUsesAreBounded() {
    TotalUses totalUses = caches.totalUses();
    UUID[] definitions = IntStream.range(0, LocalCaches.MAX_ENTRIES + 2_000).mapToObj(i -> UUID.randomUUID()).toArray(UUID[]::new);
    for (UUID definition : definitions) {
      totalUses.put(definition, 1, totalUses.stamp(definition));
    }
    long kept = Arrays.stream(definitions).filter(d -> totalUses.get(d) != null).count();
    assertThat(kept).isPositive().isLessThanOrEqualTo(LocalCaches.MAX_ENTRIES);
  }

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }
}
