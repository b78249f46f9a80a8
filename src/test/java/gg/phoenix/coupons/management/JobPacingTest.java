package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JobPacingTest {

  private static final long MS = 1_000_000;

  @Test
  @DisplayName("at 25% duty a lane pauses three times as long as its chunk took")
  void quarterDuty() {
    JobPacing pacing = new JobPacing(1000, 25);
    assertThat(pacing.pauseMs(40 * MS)).isEqualTo(120);
    assertThat(pacing.pauseMs(1000 * MS)).isEqualTo(3000);
  }

  @Test
  @DisplayName("at 100% duty a lane never pauses")
  void fullDuty() {
    assertThat(new JobPacing(1000, 100).pauseMs(5000 * MS)).isZero();
  }

  @Test
  @DisplayName("at 1% duty a lane pauses 99 times as long as its chunk took")
  void leastDuty() {
    assertThat(new JobPacing(1000, 1).pauseMs(10 * MS)).isEqualTo(990);
  }

  @Test
  @DisplayName("a pause is rounded up to the next whole millisecond, so that a fast chunk still yields")
  void roundedUp() {
    JobPacing pacing = new JobPacing(1000, 50);
    assertThat(pacing.pauseMs(1)).isEqualTo(1);
    assertThat(pacing.pauseMs(MS + 1)).isEqualTo(2);
    assertThat(pacing.pauseMs(0)).isZero();
  }

  @Test
  @DisplayName("an hour-long chunk at 1% duty gives a pause of 99 hours without overflowing")
  void longChunk() {
    assertThat(new JobPacing(1000, 1).pauseMs(3_600_000L * MS)).isEqualTo(99 * 3_600_000L);
  }
}
