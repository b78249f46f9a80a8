package gg.phoenix.coupons.redis.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process's in-memory copies of what validation reads on every call: public-code rows and definition views
 * (by their Redis cache keys), lockouts, and snapshots of capped definitions' total uses. Created once by
 * MainVerticle and shared by its verticles (thread-safe; no static state, so several Vert.x instances can live in
 * one JVM).
 *
 * <p>Cached rows and lockouts are only trusted while this process hears the other instances: {@link
 * NearCacheVerticle} keeps a Redis subscription on which every instance announces what it invalidates and whom it
 * locks out. While that subscription is down, the copies are cleared and bypassed (callers read Redis, then
 * PostgreSQL, as without them); a row also lives at most {@code NEAR_CACHE_SECONDS}, bounding a missed message.
 */
public final class LocalCaches {

  /** Bound of each map; an in-process copy is a short cut, never the only place something is known. */
  public static final int MAX_ENTRIES = 10_000;

  private final Cache<String, Object> entries;
  private final boolean keepsCopies;
  private final Lockouts lockouts = new Lockouts();
  private final TotalUses totalUses;
  /** Bumped by every drop: a read that started before it must not store what it read. */
  private final AtomicLong drops = new AtomicLong();
  private volatile boolean subscribed;
  private volatile boolean lockoutsLoaded;

  /**
   * @param lifetimeMillis how long a row or view is kept (NEAR_CACHE_SECONDS); 0 keeps none, nor snapshots of
   *     total uses (for measuring without caches), while lockouts are still kept
   */
  public LocalCaches(long lifetimeMillis) {
    this(lifetimeMillis, Ticker.systemTicker());
  }

  /** @param ticker the clock that entries expire by (a test's own, to move time on) */
  LocalCaches(long lifetimeMillis, Ticker ticker) {
    // Public codes and definition views share one map (their keys never collide): twice the bound of one kind.
    this.entries = expiring(2 * MAX_ENTRIES, Duration.ofMillis(lifetimeMillis), ticker);
    this.keepsCopies = lifetimeMillis > 0;
    this.totalUses = new TotalUses(keepsCopies, ticker);
  }

  /**
   * The near cache's map: entries live {@code lifetime} from their last write, and past {@code maxEntries} the
   * least useful are evicted. Evictions run on the thread that writes, as part of the write, not on a pool.
   */
  static <K, V> Cache<K, V> expiring(int maxEntries, Duration lifetime, Ticker ticker) {
    return Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfterWrite(lifetime)
        .executor(Runnable::run)
        .ticker(ticker)
        .build();
  }

  /** The copy cached under a Redis cache key, or null (none, expired, or the subscription is down). */
  public Object get(String key) {
    return subscribed ? entries.getIfPresent(key) : null;
  }

  /** Whether copies are kept and trusted now; when not, {@link #get} answers null and {@link #put} keeps nothing. */
  public boolean holdsCopies() {
    return keepsCopies && subscribed;
  }

  /** Taken before reading Redis or PostgreSQL, handed to {@link #put}. */
  public long stamp() {
    return drops.get();
  }

  /** Keeps a copy, unless the subscription is down or something was dropped since {@code stamp} was taken. */
  public void put(String key, Object value, long stamp) {
    if (!keepsCopies || !subscribed || drops.get() != stamp) {
      return;
    }
    entries.put(key, value);
    if (drops.get() != stamp) {
      entries.invalidate(key);
    }
  }

  /** Forgets the copies of these Redis cache keys (changed through the management API, here or elsewhere). */
  public void drop(Collection<String> keys) {
    drops.incrementAndGet();
    entries.invalidateAll(keys);
  }

  /** Whether {@link #lockouts()} holds every lockout in force, so that Redis need not be asked. */
  public boolean lockoutsTrusted() {
    return subscribed && lockoutsLoaded && !lockouts.full();
  }

  public Lockouts lockouts() {
    return lockouts;
  }

  public TotalUses totalUses() {
    return totalUses;
  }

  boolean subscribed() {
    return subscribed;
  }

  /** Hearing the other instances again: rows may be kept; lockouts are trusted once loaded. */
  void onSubscribed() {
    drops.incrementAndGet();
    subscribed = true;
  }

  void onLockoutsLoaded() {
    lockoutsLoaded = subscribed;
  }

  /** Deaf to the other instances: forget everything they could have told us about, and stop trusting it. */
  void onUnsubscribed() {
    subscribed = false;
    lockoutsLoaded = false;
    drops.incrementAndGet();
    entries.invalidateAll();
    lockouts.clear();
  }
}
