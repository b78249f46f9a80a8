package gg.phoenix.coupons.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The signatures of writes this process has accepted, for as long as their timestamps stay acceptable: what
 * refuses a replay when Redis cannot be asked. One per process, shared by the HTTP verticles. Bounded: past
 * {@link #MAX_ENTRIES} the least used are forgotten first (Caffeine's eviction), so under a sustained flood of
 * distinct signed writes while Redis is away, the oldest may be forgotten before their window ends.
 */
public final class SeenSignatures {

  /** About 200 bytes each with Caffeine's own: some 20 MB at the bound, within the -Xmx256m the service runs with. */
  static final int MAX_ENTRIES = 100_000;

  private final Cache<String, Boolean> seen;

  /** @param maxSkewSeconds HMAC_MAX_SKEW_SECONDS: a timestamp is acceptable for twice this long at most */
  public SeenSignatures(long maxSkewSeconds) {
    this.seen = Caffeine.newBuilder()
        .maximumSize(MAX_ENTRIES)
        .expireAfterWrite(Duration.ofSeconds(2 * maxSkewSeconds + 1))
        .build();
  }

  boolean contains(String id) {
    return seen.getIfPresent(id) != null;
  }

  /** Records the signature; true when it was not known yet (atomic: of two racing callers, one gets true). */
  boolean addIfAbsent(String id) {
    return seen.asMap().putIfAbsent(id, Boolean.TRUE) == null;
  }
}
