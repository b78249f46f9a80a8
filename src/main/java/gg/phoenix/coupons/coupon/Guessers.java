package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.CredentialKind;
import java.util.List;

/**
 * Whom a lookup of an unknown code counts against, by the credential that asked (docs/security.md, "Client
 * address and lockouts"). A lockout refuses every code, known or not, to whom it holds (answering a known code
 * would tell a locked-out guesser which of its guesses exist); so each bucket must hold one guesser only:
 * <ul>
 *   <li>a player's token: that player ({@code user:}), wherever the requests come from;</li>
 *   <li>an HMAC-signed request naming a player: that player too, the same bucket (the studio's servers speak for
 *       their players); naming none: the signing server's address ({@code hmac:}). Signed requests carry no
 *       per-address budget besides: a studio backend relays all its players from one address, and whoever holds
 *       the secret can export every code anyway;</li>
 *   <li>a tenant JWT without {@code sub} (a server credential that can leak into a front end) naming a player:
 *       that player as named by such tokens ({@code jwt-user:}, so a guesser naming someone cannot lock the real
 *       player out) and also the client's address ({@code jwt:}), so that naming a new player every few tries
 *       gains nothing; naming none: the client's address alone.</li>
 * </ul>
 * The address buckets of JWTs and of signed requests are apart: a guesser with a token never locks out the
 * studio's backend behind the same address.
 */
final class Guessers {

  private Guessers() {
  }

  /**
   * @param credential how the request proved itself
   * @param userId the player the request names, or null
   * @param client the client's address
   */
  static List<String> of(CredentialKind credential, String userId, String client) {
    String address = client == null ? "unknown" : client;
    if (credential == CredentialKind.PLAYER_TOKEN && userId != null) {
      return List.of("user:" + userId);
    }
    if (credential == CredentialKind.SIGNED) {
      return List.of(userId != null ? "user:" + userId : "hmac:" + address);
    }
    return userId != null ? List.of("jwt-user:" + userId, "jwt:" + address) : List.of("jwt:" + address);
  }
}
