package gg.phoenix.coupons.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static final SealedColumn WEBHOOK = new SealedColumn("webhooks", "secret_enc", List.of("tenant_id", "id"));

  private final SecretBox box = box();

  private static SecretBox box() {
    try {
      return Keysets.box(Keysets.generate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a sealed secret opens in its own place and starts with the primary key's id")
  void roundTrip() {
    byte[] sealed = box.seal("s3cret", SealedColumn.TENANT_SECRET, "acme");

    assertThat(box.open(sealed, SealedColumn.TENANT_SECRET, "acme")).isEqualTo("s3cret");
    assertThat(sealed[0]).isEqualTo((byte) 1);
    assertThat(ByteBuffer.wrap(sealed, 1, 4).getInt()).isEqualTo(box.primaryKeyId());
    assertThat(SecretBox.keyId(sealed)).isEqualTo(box.primaryKeyId());
    assertThat(box.underPrimary(sealed)).isTrue();
  }

  @Test
  @DisplayName("sealing the same secret twice gives two different values (a fresh nonce each time)")
  void freshNonce() {
    assertThat(box.seal("s3cret", SealedColumn.TENANT_SECRET, "acme")).isNotEqualTo(box.seal("s3cret", SealedColumn.TENANT_SECRET, "acme"));
  }

  @Test
  @DisplayName("a sealed secret does not open for another tenant, another column or another row of a composite key")
  void boundToItsPlace() {
    byte[] sealed = box.seal("s3cret", SealedColumn.TENANT_SECRET, "acme");
    byte[] hook = box.seal("hook", WEBHOOK, "acme", "42");

    assertThatThrownBy(() -> box.open(sealed, SealedColumn.TENANT_SECRET, "evil")).isInstanceOf(SecretUnreadableException.class);
    assertThatThrownBy(() -> box.open(sealed, SealedColumn.TENANT_PREVIOUS_SECRET, "acme")).isInstanceOf(SecretUnreadableException.class);
    assertThatThrownBy(() -> box.open(hook, WEBHOOK, "acme", "43")).isInstanceOf(SecretUnreadableException.class);
    assertThatThrownBy(() -> box.open(hook, WEBHOOK, "acm", "e42")).isInstanceOf(SecretUnreadableException.class);
    assertThat(box.open(hook, WEBHOOK, "acme", "42")).isEqualTo("hook");
  }

  @Test
  @DisplayName("an altered byte, or a keyset without the sealing key, fails naming the column, the row and the key, never the secret")
  void failsClearly() {
    byte[] sealed = box.seal("s3cret-value", SealedColumn.TENANT_SECRET, "acme");
    byte[] altered = sealed.clone();
    altered[altered.length - 1] ^= 1;
    SecretBox other = box();

    assertThatThrownBy(() -> box.open(altered, SealedColumn.TENANT_SECRET, "acme"))
        .hasMessageContaining("tenants.secret_enc").hasMessageContaining("acme").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> other.open(sealed, SealedColumn.TENANT_SECRET, "acme"))
        .isInstanceOf(SecretUnreadableException.class)
        .hasMessageContaining("key " + SecretBox.keyLabel(box.primaryKeyId()) + ", which the keyset does not hold")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  @DisplayName("a sealed column's row key must have as many parts as its key columns")
  void rowKeyArity() {
    assertThatThrownBy(() -> box.seal("x", WEBHOOK, "acme")).isInstanceOf(IllegalArgumentException.class);
  }
}
