package gg.phoenix.coupons.secrets;

/**
 * A stored secret that the configured keyset does not open: sealed under a key the keyset lacks, altered, or
 * moved from another row. Its message names the column, the row and the key, never the secret.
 */
public final class SecretUnreadableException extends RuntimeException {

  SecretUnreadableException(String message) {
    super(message, null, false, false);
  }
}
