package gg.phoenix.coupons.redis.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A short-lived snapshot of each capped definition's total uses, for validation only (redemption always asks
 * Redis and PostgreSQL). This process drops a definition's snapshot whenever it records, releases or gives back a
 * use of it, so a validate after the last use here always says the cap is reached; another instance may answer
 * from a snapshot up to {@link #LIFETIME_MILLIS} old, the same race a validate always has with a concurrent redeem.
 */
public final class TotalUses {

  public static final long LIFETIME_MILLIS = 250;

  private static final int STRIPES = 64;

  private final Cache<UUID, Integer> snapshots;
  /** Drops per stripe of definitions: a read that started before a drop must not store what it read. */
  private final AtomicLongArray drops = new AtomicLongArray(STRIPES);
  private final boolean enabled;

  TotalUses(boolean enabled, Ticker ticker) {
    this.enabled = enabled;
    this.snapshots = LocalCaches.expiring(LocalCaches.MAX_ENTRIES, Duration.ofMillis(LIFETIME_MILLIS), ticker);
  }

  /** The snapshot, or null. */
  public Integer get(UUID definitionId) {
    return snapshots.getIfPresent(definitionId);
  }

  /** Taken before reading the count, handed to {@link #put}. */
  public long stamp(UUID definitionId) {
    return drops.get(stripe(definitionId));
  }

  public void put(UUID definitionId, int uses, long stamp) {
    int stripe = stripe(definitionId);
    if (!enabled || drops.get(stripe) != stamp) {
      return;
    }
    snapshots.put(definitionId, uses);
    if (drops.get(stripe) != stamp) {
      snapshots.invalidate(definitionId);
    }
  }

  public void drop(UUID definitionId) {
    drops.incrementAndGet(stripe(definitionId));
    snapshots.invalidate(definitionId);
  }

  private static int stripe(UUID definitionId) {
    return (definitionId.hashCode() & Integer.MAX_VALUE) % STRIPES;
  }
}
