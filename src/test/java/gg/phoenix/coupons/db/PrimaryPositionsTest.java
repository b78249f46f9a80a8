package gg.phoenix.coupons.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The replica's lag from the primary positions kept by each check: pure arithmetic, no server. */
class PrimaryPositionsTest {

  private final PrimaryPositions positions = new PrimaryPositions(100);

  @Test
  @DisplayName("on a primary that writes nothing the position stays put and the replica has it: the lag is the last check's age, however long the quiet lasts")
  void idlePrimary() {
    for (long t = 0; t <= 60_000; t += 250) {
      positions.add(5_000, t);
    }

    assertThat(positions.lagMs(5_000, 60_010)).isEqualTo(10);
  }

  @Test
  @DisplayName("while the primary writes and the replica replays nothing, the lag is the age of the last position it has, and grows with time")
  void pausedReplay() {
    positions.add(100, 0);
    positions.add(200, 250);
    positions.add(300, 500);
    positions.add(400, 750);

    assertThat(positions.lagMs(200, 800)).isEqualTo(550);
    assertThat(positions.lagMs(200, 2_000)).isEqualTo(1_750);
  }

  @Test
  @DisplayName("once the replica replays past newer positions, the lag drops to the newest of them")
  void catchUp() {
    positions.add(100, 0);
    positions.add(200, 250);
    positions.lagMs(100, 300);
    positions.add(300, 500);

    assertThat(positions.lagMs(350, 520)).isEqualTo(20);
  }

  @Test
  @DisplayName("a replica behind every kept position has no known lag (-1), nor has one before any position is kept")
  void unknown() {
    assertThat(positions.lagMs(0, 10)).isEqualTo(-1);

    positions.add(500, 0);

    assertThat(positions.lagMs(499, 10)).isEqualTo(-1);
  }

  @Test
  @DisplayName("past its capacity the oldest unreplayed position goes, never the replayed one: the lag is coarser, not smaller")
  void capacity() {
    PrimaryPositions few = new PrimaryPositions(3);
    few.add(100, 0);
    few.lagMs(100, 1);
    for (int i = 1; i <= 10; i++) {
      few.add(100 + i, i * 100L);
    }

    // 105 (asked at 500) was dropped: the lag is read from 100, asked at 0, not from 105.
    assertThat(few.lagMs(105, 2_000)).isEqualTo(2_000);
    assertThat(few.lagMs(110, 2_000)).isEqualTo(1_000);
  }
}
