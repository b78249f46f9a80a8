package gg.phoenix.coupons.management;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads something again until it holds (counts kept by the outbox relay follow their events by milliseconds). */
final class Await {

  private Await() {
  }

  /** The first value read that passes {@code done}, or the last one read after 20 s. */
  static <T> T until(Supplier<T> read, Predicate<T> done) {
    long deadline = System.currentTimeMillis() + 20_000;
    T value = read.get();
    while (!done.test(value) && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return value;
      }
      value = read.get();
    }
    return value;
  }
}
