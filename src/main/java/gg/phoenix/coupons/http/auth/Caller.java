package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.CredentialKind;

/**
 * Who made an authenticated request: the tenant, how it proved it, for a player's JWT (one with a {@code sub}) the
 * player it is limited to, and for a signed request its signature's id ({@code RequestSigning.id}), which names the
 * request itself: a signed read may be sent again while its timestamp is fresh, by anyone who captured it.
 */
public record Caller(String tenantId, Method method, String playerId, String signatureId) {

  enum Method { JWT, HMAC }

  public static final String CONTEXT_KEY = "caller";

  /**
   * Management endpoints take only HMAC-signed requests from the studio's servers: JWTs are handed to
   * players' front ends and must not create, change or revoke anything.
   */
  public void requireServer() {
    if (method != Method.HMAC) {
      throw AuthErrors.SERVER_ONLY.exception();
    }
  }

  /**
   * Who this caller is when it comes to Idempotency-Keys: the player of a player's token, else the credential
   * (the HMAC-signing server and holders of a server JWT are told apart: a key is reused by the same caller
   * retrying, which signs its retry the way it signed the first request).
   */
  public String idempotencyCaller() {
    if (playerId != null) {
      return "player:" + playerId;
    }
    return method == Method.HMAC ? "hmac" : "server-jwt";
  }

  /** What the lookup lockouts need to know of the credential. */
  public CredentialKind kind() {
    return method == Method.HMAC ? CredentialKind.SIGNED : playerId != null ? CredentialKind.PLAYER_TOKEN : CredentialKind.TENANT_TOKEN;
  }

  /** Whether this caller may act for {@code userId}: servers for anyone, a player's token only for itself. */
  public boolean mayActFor(String userId) {
    return playerId == null || playerId.equals(userId);
  }
}
