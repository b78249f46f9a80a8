package gg.phoenix.coupons.redis.near;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe map whose entries live a fixed time. Bounded: past {@code maxEntries} it forgets what has
 * expired, then everything if that was not enough (an in-process copy is only ever a short cut).
 */
final class ExpiringMap<K, V> {

  private record Entry<V>(V value, long expiresAtNanos) {
  }

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long lifetimeNanos;
  private final int maxEntries;

  ExpiringMap(long lifetimeMillis, int maxEntries) {
    this.lifetimeNanos = lifetimeMillis * 1_000_000;
    this.maxEntries = maxEntries;
  }

  /** The value, or null when there is none or it has expired. */
  V get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expiresAtNanos() >= 0) {
      entries.remove(key, entry);
      return null;
    }
    return entry.value();
  }

  void put(K key, V value) {
    if (entries.size() >= maxEntries) {
      trim();
    }
    entries.put(key, new Entry<>(value, System.nanoTime() + lifetimeNanos));
  }

  void remove(K key) {
    entries.remove(key);
  }

  void removeAll(Collection<K> keys) {
    keys.forEach(entries::remove);
  }

  void clear() {
    entries.clear();
  }

  private void trim() {
    long now = System.nanoTime();
    entries.values().removeIf(entry -> now - entry.expiresAtNanos() >= 0);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
  }
}
