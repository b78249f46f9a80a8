package gg.phoenix.coupons.api;

/**
 * How an authenticated request proved itself, as far as the rules that depend on it care (the lookup lockouts):
 * named on the event bus by {@link #wire()}.
 */
public enum CredentialKind {
  /** A tenant JWT with {@code sub}: a player's front end, acting for that player only. */
  PLAYER_TOKEN("player"),
  /** A tenant JWT without {@code sub}: server powers on the query endpoints, and it can leak into a front end. */
  TENANT_TOKEN("jwt"),
  /** An HMAC-signed request: the studio's own servers, holding the tenant's secret. */
  SIGNED("hmac");

  private final String wire;

  CredentialKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The kind named {@code wire}; anything else is the least trusted server credential, a tenant token. */
  public static CredentialKind fromWire(String wire) {
    for (CredentialKind kind : values()) {
      if (kind.wire.equals(wire)) {
        return kind;
      }
    }
    return TENANT_TOKEN;
  }
}
