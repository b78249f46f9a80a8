package gg.phoenix.coupons.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.CryptoFormat;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Seals secrets for storage and opens them again with one AEAD keyset (Google Tink). Each sealed value starts
 * with Tink's 5-byte output prefix, which names the key that sealed it: after a rotation the keyset still opens
 * values sealed under its older keys, and the stored values tell which keys they need. Each value is bound to
 * its place ({@link SealedColumn}) as associated data. Thread-safe; one per process.
 */
public final class SecretBox {

  private final Aead aead;
  private final int primaryKeyId;
  private final byte[] primaryPrefix;
  private final Set<Integer> keyIds = new HashSet<>();

  SecretBox(KeysetHandle keyset) throws GeneralSecurityException {
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      if (!(entry.getKey() instanceof AeadKey key)) {
        throw new GeneralSecurityException("key " + keyLabel(entry.getId()) + " is not an AEAD key");
      }
      if (key.getIdRequirementOrNull() == null) {
        throw new GeneralSecurityException("key " + keyLabel(entry.getId()) + " has no output prefix (RAW): ciphertexts would not name their key");
      }
      if (entry.getStatus() == KeyStatus.ENABLED) {
        keyIds.add(entry.getId());
      }
    }
    aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    primaryKeyId = keyset.getPrimary().getId();
    primaryPrefix = ((AeadKey) keyset.getPrimary().getKey()).getOutputPrefix().toByteArray();
  }

  /** The secret sealed under the primary key for the row of {@code column} whose key is {@code rowKey}. */
  public byte[] seal(String secret, SealedColumn column, Object... rowKey) {
    try {
      return aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), column.associatedData(rowKey));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Sealing a secret for " + column.qualifiedName() + " failed", e);
    }
  }

  /** The secret {@link #seal} sealed for this very place; {@link SecretUnreadableException} otherwise. */
  public String open(byte[] sealed, SealedColumn column, Object... rowKey) {
    try {
      return new String(aead.decrypt(sealed, column.associatedData(rowKey)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      Integer keyId = keyId(sealed);
      String key = keyId == null ? "no key id (not a sealed value)"
          : holds(keyId) ? "key " + keyLabel(keyId) : "key " + keyLabel(keyId) + ", which the keyset does not hold";
      throw new SecretUnreadableException(column.qualifiedName() + " of row " + Arrays.toString(rowKey)
          + " does not open with the configured keyset (" + key + ")");
    }
  }

  /** Whether {@code sealed} was sealed under the current primary key (re-encryption skips those). */
  public boolean underPrimary(byte[] sealed) {
    return sealed.length >= primaryPrefix.length
        && Arrays.equals(sealed, 0, primaryPrefix.length, primaryPrefix, 0, primaryPrefix.length);
  }

  /** The output prefix of the primary key: the first bytes of every value sealed now. */
  byte[] primaryPrefix() {
    return primaryPrefix.clone();
  }

  public int primaryKeyId() {
    return primaryKeyId;
  }

  /** Whether the keyset holds key {@code keyId}, enabled (a disabled key opens nothing). */
  public boolean holds(int keyId) {
    return keyIds.contains(keyId);
  }

  /** The id of the key that sealed {@code sealed}, read from its prefix; null when it has none. */
  public static Integer keyId(byte[] sealed) {
    if (sealed == null || sealed.length < CryptoFormat.NON_RAW_PREFIX_SIZE
        || (sealed[0] != CryptoFormat.TINK_START_BYTE && sealed[0] != CryptoFormat.LEGACY_START_BYTE)) {
      return null;
    }
    return ByteBuffer.wrap(sealed, 1, 4).getInt();
  }

  /** Key ids as Tink's JSON keysets and the keyset command show them: unsigned decimal. */
  public static String keyLabel(int keyId) {
    return Integer.toUnsignedString(keyId);
  }
}
