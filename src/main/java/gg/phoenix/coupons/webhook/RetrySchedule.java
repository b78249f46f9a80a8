package gg.phoenix.coupons.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed delivery is tried again: {@code base × 2^(attempt-1)}, at most {@code max}, for as long as the
 * next attempt falls within {@code window} of the delivery's creation. With the defaults (10 s, 1 h, 24 h):
 * 10 s, 20 s, 40 s, ... 2560 s, then hourly, about 30 attempts in all.
 */
record RetrySchedule(long baseMs, long maxMs, long windowSeconds) {

  /** The delay after attempt number {@code attempt} (1 for the first) failed. */
  Duration delayAfter(int attempt) {
    long delay = baseMs;
    for (int i = 1; i < attempt && delay < maxMs; i++) {
      delay *= 2;
    }
    return Duration.ofMillis(Math.min(delay, Math.max(maxMs, baseMs)));
  }

  /** The time of the next attempt, or null when the delivery has run out of time and is given up. */
  Instant nextAttempt(Instant createdAt, int attempt, Instant now) {
    Instant next = now.plus(delayAfter(attempt));
    return next.isAfter(createdAt.plusSeconds(windowSeconds)) ? null : next;
  }
}
