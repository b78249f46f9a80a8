package gg.phoenix.coupons.management;

import gg.phoenix.coupons.config.ServiceConfig;

/**
 * How a generation job yields to the rest of the service (docs/jobs.md, "Pacing"): it writes chunks of
 * {@code chunkSize} codes, and after each chunk the lane that wrote it waits in proportion to the time that chunk
 * took, so that each lane has a chunk under way at most {@code dutyPercent} of the time. A database slowed by
 * foreground work makes chunks slower, and so the pauses longer.
 */
record JobPacing(int chunkSize, int dutyPercent) {

  static JobPacing of(ServiceConfig.Jobs jobs) {
    return new JobPacing(jobs.chunkSize(), jobs.dutyPercent());
  }

  /** The pause after a chunk that took {@code chunkNanos}: (100 − duty) / duty times as long, in milliseconds rounded up. */
  long pauseMs(long chunkNanos) {
    long pauseNanos = chunkNanos * (100 - dutyPercent) / dutyPercent;
    return (pauseNanos + 999_999) / 1_000_000;
  }
}
