package gg.phoenix.coupons.console;

/** The statements of console users and their invitations. */
final class ConsoleSql {

  static final String USER_COLUMNS = "id, tenant_id, email, role, password_hash IS NOT NULL AS active, session_epoch, created_at";

  /** $1 tenant, $2 e-mail, $3 role; answers nothing when the address is taken. */
  static final String INSERT_USER = "INSERT INTO console_users (tenant_id, email, role) VALUES ($1, $2, $3)"
      + " ON CONFLICT (email) DO NOTHING RETURNING " + USER_COLUMNS;

  static final String USER_BY_EMAIL = "SELECT " + USER_COLUMNS + ", password_hash FROM console_users WHERE email = $1";

  static final String USER_BY_ID = "SELECT " + USER_COLUMNS + " FROM console_users WHERE id = $1";

  static final String USER_IN_TENANT = "SELECT " + USER_COLUMNS + " FROM console_users WHERE tenant_id = $1 AND id = $2";

  /** $1 user of tenant $4, $2 digest, $3 expiry: a new invitation replaces the user's open one. */
  static final String UPSERT_INVITATION = "INSERT INTO console_invitations (tenant_id, user_id, token_sha256, expires_at)"
      + " VALUES ($4, $1, $2, $3) ON CONFLICT (tenant_id, user_id)"
      + " DO UPDATE SET token_sha256 = EXCLUDED.token_sha256, expires_at = EXCLUDED.expires_at";

  /**
   * Takes the invitation of digest $1 if it has not expired: it can be used once. Found by its token alone, before
   * any tenant is known.
   */
  static final String TAKE_INVITATION = "DELETE FROM console_invitations WHERE token_sha256 = $1 AND expires_at > now()"
      + " RETURNING user_id";

  /** $1 user, $2 hash; a new password ends the user's sessions. */
  static final String SET_PASSWORD = "UPDATE console_users SET password_hash = $2, session_epoch = session_epoch + 1,"
      + " updated_at = now() WHERE id = $1 RETURNING " + USER_COLUMNS;

  static final String NEXT_EPOCH = "UPDATE console_users SET session_epoch = session_epoch + 1 WHERE id = $1"
      + " RETURNING " + USER_COLUMNS;

  /** $1 tenant, $2 user, $3 role; a new role ends the user's sessions, which began under the old one. */
  static final String SET_ROLE = "UPDATE console_users SET role = $3, session_epoch = session_epoch + 1, updated_at = now()"
      + " WHERE tenant_id = $1 AND id = $2 RETURNING " + USER_COLUMNS;

  static final String DELETE_USER = "DELETE FROM console_users WHERE tenant_id = $1 AND id = $2 RETURNING " + USER_COLUMNS;

  /** Owners of tenant $1 other than user $2: the last owner may not be demoted or removed. */
  static final String OTHER_OWNERS = "SELECT count(*) FROM console_users WHERE tenant_id = $1 AND id <> $2 AND role = 'owner'";

  static final String TENANT_EXISTS = "SELECT 1 FROM tenants WHERE id = $1";

  /** A page of tenant $1's users as Pages reads it; the AFTER form starts after created_at $3 and id $4. */
  static final String LIST_USERS = usersPage("");
  static final String LIST_USERS_AFTER = usersPage("AND (created_at, id) > ($3, $4)");

  private static String usersPage(String after) {
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM console_users WHERE tenant_id = $1) total"
        + " LEFT JOIN (SELECT " + USER_COLUMNS + " FROM console_users WHERE tenant_id = $1 " + after
        + " ORDER BY created_at, id LIMIT $2) page ON true ORDER BY page.created_at, page.id";
  }

  private ConsoleSql() {
  }
}
