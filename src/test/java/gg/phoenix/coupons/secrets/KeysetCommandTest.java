package gg.phoenix.coupons.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --secrets-keyset}: the operator's commands, on real files. */
class KeysetCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return KeysetCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static KeysetHandle read(Path file) throws Exception {
    return Keysets.parse(Files.readString(file));
  }

  @Test
  @DisplayName("new writes a keyset of one AES256-GCM key, readable by its owner only, and refuses to overwrite it")
  void newKeyset() throws Exception {
    Path file = dir.resolve("keyset.json");

    assertThat(run("new", file.toString())).isZero();
    KeysetHandle keyset = read(file);
    assertThat(keyset.size()).isEqualTo(1);
    assertThat(keyset.getPrimary().getKey().getParameters()).isEqualTo(PredefinedAeadParameters.AES256_GCM);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String before = Files.readString(file);
    assertThat(run("new", file.toString())).isEqualTo(1);
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  @DisplayName("rotate adds a primary key and keeps the old one: old values still open, new ones name the new key")
  void rotate() throws Exception {
    Path file = dir.resolve("keyset.json");
    run("new", file.toString());
    SecretBox before = Keysets.box(read(file));
    byte[] old = before.seal("s3cret", SealedColumn.TENANT_SECRET, "acme");

    assertThat(run("rotate", file.toString())).isZero();
    SecretBox after = Keysets.box(read(file));

    assertThat(read(file).size()).isEqualTo(2);
    assertThat(after.primaryKeyId()).isNotEqualTo(before.primaryKeyId());
    assertThat(after.open(old, SealedColumn.TENANT_SECRET, "acme")).isEqualTo("s3cret");
    assertThat(after.underPrimary(old)).isFalse();
    assertThat(SecretBox.keyId(after.seal("s3cret", SealedColumn.TENANT_SECRET, "acme"))).isEqualTo(after.primaryKeyId());
  }

  @Test
  @DisplayName("add then promote is the two-step rotation; remove refuses the primary and deletes an older key")
  void addPromoteRemove() throws Exception {
    Path file = dir.resolve("keyset.json");
    run("new", file.toString());
    int first = read(file).getPrimary().getId();

    assertThat(run("add", file.toString())).isZero();
    assertThat(read(file).getPrimary().getId()).isEqualTo(first);
    int second = read(file).getAt(1).getId();
    assertThat(run("promote", file.toString(), Integer.toUnsignedString(second))).isZero();
    assertThat(read(file).getPrimary().getId()).isEqualTo(second);
    assertThat(run("remove", file.toString(), Integer.toUnsignedString(second))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is the primary");
    assertThat(run("remove", file.toString(), Integer.toUnsignedString(first))).isZero();

    assertThat(read(file).size()).isEqualTo(1);
    assertThat(read(file).getPrimary().getId()).isEqualTo(second);
  }

  @Test
  @DisplayName("list shows ids, statuses and the primary, never key material")
  void list() throws Exception {
    Path file = dir.resolve("keyset.json");
    run("new", file.toString());
    out.reset();

    assertThat(run("list", file.toString())).isZero();

    String listed = out.toString(StandardCharsets.UTF_8);
    String material = new io.vertx.core.json.JsonObject(Files.readString(file)).getJsonArray("key").getJsonObject(0)
        .getJsonObject("keyData").getString("value");
    assertThat(listed).contains(Integer.toUnsignedString(read(file).getPrimary().getId()) + " ENABLED primary");
    assertThat(listed).doesNotContain(material);
  }

  @Test
  @DisplayName("an unknown command or a missing key id prints the usage and exits 2; a file that is not a keyset exits 1")
  void mistakes() throws Exception {
    Path file = dir.resolve("keyset.json");
    run("new", file.toString());
    Path junk = Files.writeString(dir.resolve("junk.json"), "{\"not\": \"a keyset\"}");

    assertThat(run("shred", file.toString())).isEqualTo(2);
    assertThat(run("promote", file.toString())).isEqualTo(2);
    assertThat(run("rotate", junk.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage:").contains("is not a cleartext Tink keyset");
  }
}
