package gg.phoenix.coupons.db;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The primary's flushed WAL positions as {@link ReplicaLag} asked for them, each with the time it asked, to tell how
 * far behind a replica is from the position it has replayed: the age of the newest kept position at or below it.
 * Kept: the newest position the replica has replayed (when there is one), then the newer ones.
 */
final class PrimaryPositions {

  /** A primary position and when it was asked for. */
  private record Sample(long position, long askedAtMs) {
  }

  private final int capacity;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  /** @param capacity positions kept at most; past it the oldest unreplayed one goes, so a later lag is coarser, never smaller */
  PrimaryPositions(int capacity) {
    this.capacity = Math.max(2, capacity);
  }

  void add(long position, long askedAtMs) {
    if (samples.size() >= capacity) {
      Sample replayed = samples.pollFirst();
      samples.pollFirst();
      samples.addFirst(replayed);
    }
    samples.addLast(new Sample(position, askedAtMs));
  }

  /**
   * How long ago the primary was last seen at a position the replica has now replayed ({@code replayed}); -1 when it
   * has replayed none of the kept positions (none kept yet, or the replica is further behind than all of them).
   */
  long lagMs(long replayed, long nowMs) {
    while (samples.size() > 1 && second().position() <= replayed) {
      samples.pollFirst();
    }
    Sample newest = samples.peekFirst();
    return newest == null || newest.position() > replayed ? -1 : Math.max(0, nowMs - newest.askedAtMs());
  }

  private Sample second() {
    Iterator<Sample> it = samples.iterator();
    it.next();
    return it.next();
  }
}
