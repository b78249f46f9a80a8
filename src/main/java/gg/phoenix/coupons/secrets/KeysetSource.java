package gg.phoenix.coupons.secrets;

import com.google.crypto.tink.KeysetHandle;
import gg.phoenix.coupons.config.DeployConfig;
import gg.phoenix.coupons.config.ServiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the keyset the service seals secrets with: SECRETS_KEYSET (its JSON), else SECRETS_KEYSET_FILE (a path to
 * it), else, outside PROFILE=prod, a local keyset kept at EMBEDDED_DATA_DIR/secrets-keyset.json (made on first
 * start, with a warning: the embedded and demo modes, and development against a real PostgreSQL). PROFILE=prod
 * without a keyset, or a value that is not a keyset, stops start-up with one line naming the key.
 * Blocking (file reads): call it from a worker thread.
 */
public final class KeysetSource {

  public static final String LOCAL_FILE_NAME = "secrets-keyset.json";

  private static final Logger LOG = LoggerFactory.getLogger(KeysetSource.class);
  private static final String HOW = "java -jar coupon-service.jar --secrets-keyset new <file> makes one (docs/security.md)";

  private KeysetSource() {
  }

  public static SecretBox load(ServiceConfig.Secrets settings, DeployConfig deploy) {
    if (!settings.keysetJson().isBlank()) {
      return box(settings.keysetJson(), "Configuration key SECRETS_KEYSET");
    }
    if (!settings.keysetFile().isBlank()) {
      return box(read(Path.of(settings.keysetFile()), "SECRETS_KEYSET_FILE"), "Configuration key SECRETS_KEYSET_FILE ('"
          + settings.keysetFile() + "')");
    }
    if (deploy.production()) {
      throw new IllegalArgumentException("Configuration key SECRETS_KEYSET (or SECRETS_KEYSET_FILE) is required with "
          + "PROFILE=prod: tenant secrets are stored encrypted with it; " + HOW);
    }
    return local(Path.of(deploy.embeddedDataDir(), LOCAL_FILE_NAME).toAbsolutePath());
  }

  /** The keyset kept under the data directory, made once; two instances starting together end up with one. */
  private static SecretBox local(Path file) {
    boolean made = false;
    if (!Files.exists(file)) {
      made = create(file);
    }
    SecretBox box = box(read(file, "the local keyset"), "The local keyset " + file);
    LOG.warn("No SECRETS_KEYSET: tenant secrets are sealed with the local keyset {} ({}). Keep it with the database: "
        + "without it the stored secrets cannot be read. For real use set SECRETS_KEYSET_FILE; PROFILE=prod refuses "
        + "to start without one (docs/security.md)", file, made ? "made now" : "kept from an earlier start");
    return box;
  }

  private static boolean create(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path draft = Files.createTempFile(file.getParent(), ".secrets-keyset", ".tmp", ownerOnly(file.getParent()));
      try {
        Files.writeString(draft, Keysets.toJson(Keysets.generate()), StandardCharsets.UTF_8);
        // A link fails when the file exists: a concurrent start that made it first wins, and its keyset is kept.
        Files.createLink(file, draft);
        return true;
      } catch (FileAlreadyExistsException other) {
        return false;
      } finally {
        Files.deleteIfExists(draft);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Could not make the local keyset " + file + ": " + e.getMessage(), e);
    }
  }

  /** Files holding key material are readable by their owner only, where the file system has permissions. */
  static FileAttribute<?>[] ownerOnly(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      String key = what.startsWith("SECRETS") ? "Configuration key " + what + " names " + file + ", which" : what + " " + file;
      throw new IllegalArgumentException(key + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** The message never quotes the value: it is key material. */
  private static SecretBox box(String json, String source) {
    KeysetHandle keyset;
    try {
      keyset = Keysets.parse(json);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(source + " is not a cleartext Tink keyset in JSON; " + HOW);
    }
    try {
      return Keysets.box(keyset);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(source + " is not a usable AEAD keyset: " + e.getMessage());
    }
  }
}
