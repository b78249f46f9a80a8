package gg.phoenix.coupons.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;

/** The demo tenant's console owner (--demo): made once, with a random password that only its maker sees. */
public final class DemoConsoleUser {

  static final String INSERT = "INSERT INTO console_users (tenant_id, email, role, password_hash) VALUES ($1, $2, 'owner', $3)"
      + " ON CONFLICT (email) DO NOTHING RETURNING id";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoConsoleUser() {
  }

  /** Makes the user if {@code email} is new: answers its password, or null when it already existed. */
  public static Future<String> ensure(Vertx vertx, SqlConnection conn, String tenantId, String email) {
    byte[] random = new byte[15];
    RANDOM.nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return vertx.executeBlocking(() -> PasswordHashes.hash(password), false)
        .compose(hash -> conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, email, hash)))
        .map(rows -> rows.size() == 1 ? password : null);
  }
}
