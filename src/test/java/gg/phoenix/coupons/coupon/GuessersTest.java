package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.api.CredentialKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whom an unknown code counts against, by credential: each bucket holds one guesser (docs/security.md). */
class GuessersTest {

  @Test
  @DisplayName("a player's token counts against that player alone, never against an address")
  void playerToken() {
    assertThat(Guessers.of(CredentialKind.PLAYER_TOKEN, "alice", "198.51.100.1")).containsExactly("user:alice");
  }

  @Test
  @DisplayName("a signed request naming a player counts against that player (the bucket of her token); naming none, against its address")
  void signed() {
    assertThat(Guessers.of(CredentialKind.SIGNED, "alice", "203.0.113.5")).containsExactly("user:alice");
    assertThat(Guessers.of(CredentialKind.SIGNED, null, "203.0.113.5")).containsExactly("hmac:203.0.113.5");
  }

  @Test
  @DisplayName("a tenant token naming a player counts against that naming and its address; naming none, its address")
  void tenantToken() {
    assertThat(Guessers.of(CredentialKind.TENANT_TOKEN, "alice", "198.51.100.1")).containsExactly("jwt-user:alice", "jwt:198.51.100.1");
    assertThat(Guessers.of(CredentialKind.TENANT_TOKEN, null, "198.51.100.1")).containsExactly("jwt:198.51.100.1");
  }

  @Test
  @DisplayName("an unknown credential name on the bus is the least trusted server credential, a tenant token")
  void unknownIsTenantToken() {
    assertThat(Guessers.of(CredentialKind.fromWire("something"), "alice", null)).containsExactly("jwt-user:alice", "jwt:unknown");
    assertThat(CredentialKind.fromWire(null)).isEqualTo(CredentialKind.TENANT_TOKEN);
  }
}
