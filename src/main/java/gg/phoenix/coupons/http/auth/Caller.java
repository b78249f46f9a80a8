package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.CredentialKind;
import io.vertx.core.json.JsonObject;

/**
 * Who made an authenticated request: the tenant, how it proved it, for a player's JWT (one with a {@code sub}) the
 * player it is limited to, for a signed request its signature's id ({@code RequestSigning.id}), which names the
 * request itself: a signed read may be sent again while its timestamp is fresh, by anyone who captured it, and for
 * a console session the signed-in {@link ConsoleUser}. A player's token may also carry the player's context for
 * eligibility rules ({@code contextClaim}, its {@code context} claim as signed, not yet checked field by field).
 */
public record Caller(String tenantId, Method method, String playerId, String signatureId, ConsoleUser consoleUser,
                     JsonObject contextClaim) {

  enum Method { JWT, HMAC, CONSOLE }

  Caller(String tenantId, Method method, String playerId, String signatureId) {
    this(tenantId, method, playerId, signatureId, null, null);
  }

  /** A console user's request: its role was checked against the route before this caller was made. */
  public static Caller console(ConsoleUser user) {
    return new Caller(user.tenantId(), Method.CONSOLE, null, null, user, null);
  }

  /** Whether this caller is a player's token: it acts for its own player only, and brings that player's context. */
  public boolean isPlayer() {
    return playerId != null;
  }

  public static final String CONTEXT_KEY = "caller";

  /**
   * Management endpoints take only HMAC-signed requests from the studio's servers, and the console's signed-in
   * users (whose role the console checked against the route): JWTs are handed to players' front ends and must not
   * create, change or revoke anything.
   */
  public void requireServer() {
    if (method == Method.JWT) {
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
    return switch (method) {
      case HMAC -> "hmac";
      case CONSOLE -> "console:" + consoleUser.id();
      case JWT -> "server-jwt";
    };
  }

  /** Who made a change, as the audit log names it. */
  public String actor() {
    return switch (method) {
      case HMAC -> "server:hmac";
      case CONSOLE -> "console:" + consoleUser.email();
      case JWT -> playerId == null ? "server:jwt" : "player:" + playerId;
    };
  }

  /** What the lookup lockouts need to know of the credential. */
  public CredentialKind kind() {
    return method != Method.JWT ? CredentialKind.SIGNED : playerId != null ? CredentialKind.PLAYER_TOKEN : CredentialKind.TENANT_TOKEN;
  }

  /** Whether this caller may act for {@code userId}: servers for anyone, a player's token only for itself. */
  public boolean mayActFor(String userId) {
    return playerId == null || playerId.equals(userId);
  }
}
