package gg.phoenix.coupons.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Console passwords hashed with Argon2id (BouncyCastle), kept in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} so that a hash says how it was made and
 * stronger settings later still verify the older hashes. The settings are OWASP's minimum for Argon2id (19 MiB,
 * 2 passes, 1 lane). Hashing takes tens of milliseconds of CPU: callers run it on a worker thread.
 */
final class PasswordHashes {

  private static final int MEMORY_KIB = 19_456;
  private static final int PASSES = 2;
  private static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

  /** Checked against when no user has the e-mail given, so that an unknown address takes as long as a known one. */
  static final String DECOY = hash("decoy password that matches nothing");

  private PasswordHashes() {
  }

  static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, PASSES, LANES, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(hash);
  }

  /** Whether {@code password} is the one {@code encoded} was made from; false for anything not such a string. */
  static boolean matches(String password, String encoded) {
    try {
      String[] parts = encoded.split("\\$");
      if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
        return false;
      }
      int memory = 0;
      int passes = 0;
      int lanes = 0;
      for (String setting : parts[3].split(",")) {
        int value = Integer.parseInt(setting.substring(2));
        switch (setting.substring(0, 2)) {
          case "m=" -> memory = value;
          case "t=" -> passes = value;
          case "p=" -> lanes = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64_DECODE.decode(parts[4]);
      byte[] expected = B64_DECODE.decode(parts[5]);
      return MessageDigest.isEqual(expected, argon2(password, salt, memory, passes, lanes, expected.length));
    } catch (RuntimeException notAHash) {
      return false;
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(passes).withParallelism(lanes).build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
