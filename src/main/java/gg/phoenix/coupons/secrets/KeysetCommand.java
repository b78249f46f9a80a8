package gg.phoenix.coupons.secrets;

import com.google.crypto.tink.KeysetHandle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * {@code java -jar coupon-service.jar --secrets-keyset <command> <file> [key-id]}: the operator's keyset tool
 * (Tinkey is not needed). The file holds a cleartext keyset in Tink's JSON format, as SECRETS_KEYSET_FILE reads it;
 * changes replace it atomically, readable by its owner only. Prints key ids and statuses, never key material.
 */
public final class KeysetCommand {

  static final String USAGE = """
      Usage: java -jar coupon-service.jar --secrets-keyset <command> <file> [key-id]
        new <file>              write a keyset of one new AES256-GCM key (the file must not exist)
        rotate <file>           add a new key and make it primary (older keys stay and still decrypt)
        add <file>              add a new key, not primary (for a rollout in two steps: add, then promote)
        promote <file> <key-id> make that key primary
        remove <file> <key-id>  delete a key that is not primary (after --reencrypt-secrets moved every secret off it)
        list <file>             show the keys: id, status, primary
      Then: java -jar coupon-service.jar --reencrypt-secrets (docs/security.md)""";

  private KeysetCommand() {
  }

  /** Runs one command; answers the exit status (0 done, 1 failed, 2 usage). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() < 2) {
      err.println(USAGE);
      return 2;
    }
    String command = args.get(0);
    Path file = Path.of(args.get(1));
    try {
      switch (command) {
        case "new" -> {
          if (Files.exists(file)) {
            err.println(file + " exists: refusing to overwrite a keyset (its keys may seal stored secrets)");
            return 1;
          }
          write(file, Keysets.generate(), out);
        }
        case "rotate" -> write(file, Keysets.withNewKey(read(file), true), out);
        case "add" -> write(file, Keysets.withNewKey(read(file), false), out);
        case "promote" -> write(file, Keysets.promote(read(file), keyId(args)), out);
        case "remove" -> write(file, Keysets.remove(read(file), keyId(args)), out);
        case "list" -> Keysets.describe(read(file)).forEach(out::println);
        default -> {
          err.println(USAGE);
          return 2;
        }
      }
      return 0;
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (IOException | GeneralSecurityException e) {
      err.println("--secrets-keyset " + command + " " + file + " failed: " + e.getMessage());
      return 1;
    }
  }

  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private static int keyId(List<String> args) {
    if (args.size() < 3) {
      throw new UsageException(args.get(0) + " needs a key id (see list)");
    }
    try {
      return Integer.parseUnsignedInt(args.get(2).strip());
    } catch (NumberFormatException e) {
      throw new UsageException("A key id is a whole number as list shows it, got '" + args.get(2) + "'");
    }
  }

  private static KeysetHandle read(Path file) throws IOException, GeneralSecurityException {
    try {
      return Keysets.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException(file + " is not a cleartext Tink keyset in JSON");
    }
  }

  /** Through a file beside the target, then one rename: a reader sees the old keyset or the new one, whole. */
  private static void write(Path file, KeysetHandle keyset, PrintStream out) throws IOException, GeneralSecurityException {
    Keysets.box(keyset); // refuses a keyset the service would refuse
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path draft = Files.createTempFile(dir, ".keyset", ".tmp", KeysetSource.ownerOnly(dir));
    try {
      Files.writeString(draft, Keysets.toJson(keyset), StandardCharsets.UTF_8);
      Files.move(draft, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(draft);
    }
    out.println("Wrote " + file + ":");
    Keysets.describe(keyset).forEach(line -> out.println("  " + line));
  }
}
