package gg.phoenix.coupons.db;

import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Tenant secrets leave clear text: each tenant's current and previous secret is sealed with the configured keyset
 * into {@code secret_enc} and {@code previous_secret_enc} (bound to the tenant and the column), then the
 * plaintext columns are dropped. A Java migration because SQL cannot call the AEAD; Flyway runs it in one
 * transaction, so it happens whole or not at all. Its name is Flyway's: version 8.
 */
public final class V8__Encrypt_tenant_secrets extends BaseJavaMigration {

  private static final int BATCH = 500;

  private final SecretBox secrets;

  public V8__Encrypt_tenant_secrets(SecretBox secrets) {
    this.secrets = secrets;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection conn = context.getConnection();
    try (Statement st = conn.createStatement()) {
      st.execute("ALTER TABLE tenants ADD COLUMN secret_enc bytea, ADD COLUMN previous_secret_enc bytea");
    }
    try (PreparedStatement select = conn.prepareStatement("SELECT id, secret, previous_secret FROM tenants ORDER BY id");
         PreparedStatement update = conn.prepareStatement(
             "UPDATE tenants SET secret_enc = ?, previous_secret_enc = ? WHERE id = ?");
         ResultSet rows = select.executeQuery()) {
      int pending = 0;
      while (rows.next()) {
        String id = rows.getString("id");
        update.setBytes(1, secrets.seal(rows.getString("secret"), SealedColumn.TENANT_SECRET, id));
        String previous = rows.getString("previous_secret");
        if (previous == null) {
          update.setNull(2, Types.BINARY);
        } else {
          update.setBytes(2, secrets.seal(previous, SealedColumn.TENANT_PREVIOUS_SECRET, id));
        }
        update.setString(3, id);
        update.addBatch();
        if (++pending == BATCH) {
          update.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        update.executeBatch();
      }
    }
    try (Statement st = conn.createStatement()) {
      st.execute("""
          ALTER TABLE tenants DROP COLUMN secret, DROP COLUMN previous_secret, ALTER COLUMN secret_enc SET NOT NULL""");
      st.execute("""
          COMMENT ON COLUMN tenants.secret_enc IS
            'The signing secret, sealed with the service''s AEAD keyset (Tink prefix names the key; bound to the tenant id)'""");
      st.execute("""
          COMMENT ON COLUMN tenants.previous_secret_enc IS
            'The previous signing secret while previous_secret_valid_until lasts, sealed like secret_enc'""");
    }
  }
}
