package gg.phoenix.coupons.secrets;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * AEAD keysets in Tink's cleartext JSON format (what {@code JsonKeysetReader} reads and Tinkey writes): made,
 * read, written and changed for rotation. New keys are AES256-GCM with Tink's output prefix.
 */
public final class Keysets {

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Keysets() {
  }

  /** A keyset of one new AES256-GCM key, primary. */
  public static KeysetHandle generate() throws GeneralSecurityException {
    return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
  }

  public static KeysetHandle parse(String json) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
  }

  public static String toJson(KeysetHandle keyset) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
  }

  /** The box that seals and opens with {@code keyset}; refuses keysets whose ciphertexts would not name their key. */
  public static SecretBox box(KeysetHandle keyset) throws GeneralSecurityException {
    return new SecretBox(keyset);
  }

  /** {@code keyset} plus a new AES256-GCM key, made primary or not; the older keys stay and still decrypt. */
  public static KeysetHandle withNewKey(KeysetHandle keyset, boolean primary) throws GeneralSecurityException {
    KeysetHandle.Builder.Entry entry = KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
        .withRandomId();
    if (primary) {
      entry.makePrimary();
    }
    return KeysetHandle.newBuilder(keyset).addEntry(entry).build();
  }

  /** {@code keyset} with key {@code keyId} (enabled) as primary. */
  public static KeysetHandle promote(KeysetHandle keyset, int keyId) throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    KeysetHandle.Builder.Entry entry = builder.getAt(indexOf(keyset, keyId));
    if (entry.getStatus() != KeyStatus.ENABLED) {
      throw new GeneralSecurityException("key " + SecretBox.keyLabel(keyId) + " is " + entry.getStatus() + ", not ENABLED");
    }
    entry.makePrimary();
    return builder.build();
  }

  /** {@code keyset} without key {@code keyId}, which must not be the primary. */
  public static KeysetHandle remove(KeysetHandle keyset, int keyId) throws GeneralSecurityException {
    int index = indexOf(keyset, keyId);
    if (keyset.getAt(index).isPrimary()) {
      throw new GeneralSecurityException("key " + SecretBox.keyLabel(keyId) + " is the primary: promote another key first");
    }
    return KeysetHandle.newBuilder(keyset).deleteAt(index).build();
  }

  /** One line per key, e.g. {@code 1950383120 ENABLED primary AesGcmParameters(...)}; no key material. */
  public static List<String> describe(KeysetHandle keyset) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      lines.add(SecretBox.keyLabel(entry.getId()) + " " + entry.getStatus() + (entry.isPrimary() ? " primary" : "")
          + " " + entry.getKey().getParameters());
    }
    return lines;
  }

  private static int indexOf(KeysetHandle keyset, int keyId) throws GeneralSecurityException {
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == keyId) {
        return i;
      }
    }
    throw new GeneralSecurityException("the keyset has no key " + SecretBox.keyLabel(keyId));
  }
}
