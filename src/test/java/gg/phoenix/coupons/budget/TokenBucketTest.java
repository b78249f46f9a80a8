package gg.phoenix.coupons.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-process token bucket, on a clock the test moves: plain logic. */
class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("a new bucket is full: capacity tokens, then none")
  void startsFull() {
    TokenBucket bucket = new TokenBucket(1, 3, 0);

    assertThat(bucket.full(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.hasToken(0)).isFalse();
  }

  @Test
  @DisplayName("tokens come back at perSecond, never above capacity")
  void refills() {
    TokenBucket bucket = new TokenBucket(2, 2, 0);
    bucket.tryTake(0);
    bucket.tryTake(0);

    assertThat(bucket.hasToken(SECOND / 4)).isFalse();
    assertThat(bucket.tryTake(SECOND / 2)).isTrue();
    assertThat(bucket.full(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isTrue();
    assertThat(bucket.tryTake(100 * SECOND)).isFalse();
  }

  @Test
  @DisplayName("Retry-After is the whole seconds until a token, at least 1")
  void secondsUntilToken() {
    TokenBucket bucket = new TokenBucket(0.25, 1, 0);
    bucket.tryTake(0);

    assertThat(bucket.secondsUntilToken(0)).isEqualTo(4);
    assertThat(bucket.secondsUntilToken(SECOND)).isEqualTo(3);
    assertThat(bucket.secondsUntilToken(4 * SECOND)).isEqualTo(1);
  }

  @Test
  @DisplayName("a clock that goes back adds no tokens")
  void clockBack() {
    TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
    bucket.tryTake(10 * SECOND);

    assertThat(bucket.tryTake(5 * SECOND)).isFalse();
  }
}
