package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When a failed delivery is tried again: plain arithmetic, no database. */
class RetryScheduleTest {

  /** The defaults: 10 s base, 1 h at most, given up 24 h after creation. */
  private static final RetrySchedule DEFAULTS = new RetrySchedule(10_000, 3_600_000, 86_400);
  private static final Instant CREATED = Instant.parse("2025-01-15T10:00:00Z");

  @Test
  @DisplayName("the delay doubles from the base after each failed attempt: 10 s, 20 s, 40 s ... 2560 s")
  void doubles() {
    assertThat(DEFAULTS.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(DEFAULTS.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(DEFAULTS.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(DEFAULTS.delayAfter(9)).isEqualTo(Duration.ofSeconds(2560));
  }

  @Test
  @DisplayName("the delay stops growing at the maximum, however many attempts failed")
  void capped() {
    assertThat(DEFAULTS.delayAfter(10)).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULTS.delayAfter(30)).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULTS.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  @DisplayName("a maximum below the base leaves the base as the delay")
  void maxBelowBase() {
    RetrySchedule schedule = new RetrySchedule(300, 100, 60);

    assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofMillis(300));
    assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  @DisplayName("the next attempt is now plus the delay while it falls within the window of the delivery's creation")
  void nextWithinWindow() {
    Instant now = CREATED.plusSeconds(60);

    assertThat(DEFAULTS.nextAttempt(CREATED, 2, now)).isEqualTo(now.plusSeconds(20));
    assertThat(DEFAULTS.nextAttempt(CREATED, 12, CREATED.plusSeconds(86_400 - 3600))).isEqualTo(CREATED.plusSeconds(86_400));
  }

  @Test
  @DisplayName("a delivery whose next attempt would fall after the window is given up (null)")
  void givenUp() {
    assertThat(DEFAULTS.nextAttempt(CREATED, 12, CREATED.plusSeconds(86_400 - 3599))).isNull();
    assertThat(DEFAULTS.nextAttempt(CREATED, 1, CREATED.plusSeconds(86_400))).isNull();
  }

  @Test
  @DisplayName("with the defaults a failing delivery gets about 30 attempts before it is given up")
  void attemptsWithDefaults() {
    int attempts = 1;
    Instant at = CREATED;
    while ((at = DEFAULTS.nextAttempt(CREATED, attempts, at)) != null) {
      attempts++;
    }

    assertThat(attempts).isBetween(28, 32);
  }
}
