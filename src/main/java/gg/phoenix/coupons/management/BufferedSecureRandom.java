package gg.phoenix.coupons.management;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Cryptographically strong randomness for codes, fetched from {@link SecureRandom} in blocks: a million
 * codes need tens of millions of draws, and one SecureRandom call per draw would dominate generation.
 * Not thread-safe: one per generation run.
 */
final class BufferedSecureRandom implements RandomGenerator {

  private static final SecureRandom SOURCE = new SecureRandom();
  private final ByteBuffer block = ByteBuffer.allocate(8192);

  BufferedSecureRandom() {
    block.position(block.limit());
  }

  @Override
  public long nextLong() {
    if (block.remaining() < Long.BYTES) {
      SOURCE.nextBytes(block.array());
      block.clear();
    }
    return block.getLong();
  }
}
