package gg.phoenix.coupons.db;

import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Webhook signing secrets leave clear text, as tenant secrets did in version 8: each endpoint's current and
 * previous signing secret is sealed into {@code signing_secret_enc} and {@code previous_signing_secret_enc} (bound
 * to the endpoint and the column), then the plaintext columns are dropped, in one transaction.
 */
public final class V10__Encrypt_webhook_secrets extends BaseJavaMigration {

  private static final int BATCH = 500;

  private final SecretBox secrets;

  public V10__Encrypt_webhook_secrets(SecretBox secrets) {
    this.secrets = secrets;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection conn = context.getConnection();
    try (Statement st = conn.createStatement()) {
      st.execute("ALTER TABLE webhooks ADD COLUMN signing_secret_enc bytea, ADD COLUMN previous_signing_secret_enc bytea");
    }
    try (PreparedStatement select = conn.prepareStatement(
             "SELECT id, signing_secret, previous_signing_secret FROM webhooks ORDER BY id");
         PreparedStatement update = conn.prepareStatement(
             "UPDATE webhooks SET signing_secret_enc = ?, previous_signing_secret_enc = ? WHERE id = ?");
         ResultSet rows = select.executeQuery()) {
      int pending = 0;
      while (rows.next()) {
        UUID id = rows.getObject("id", UUID.class);
        update.setBytes(1, secrets.seal(rows.getString("signing_secret"), SealedColumn.WEBHOOK_SECRET, id));
        String previous = rows.getString("previous_signing_secret");
        if (previous == null) {
          update.setNull(2, Types.BINARY);
        } else {
          update.setBytes(2, secrets.seal(previous, SealedColumn.WEBHOOK_PREVIOUS_SECRET, id));
        }
        update.setObject(3, id);
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
          ALTER TABLE webhooks DROP COLUMN signing_secret, DROP COLUMN previous_signing_secret,
            ALTER COLUMN signing_secret_enc SET NOT NULL""");
      st.execute("""
          COMMENT ON COLUMN webhooks.signing_secret_enc IS
            'The endpoint''s signing secret, sealed with the service''s AEAD keyset (bound to the endpoint id)'""");
    }
  }
}
