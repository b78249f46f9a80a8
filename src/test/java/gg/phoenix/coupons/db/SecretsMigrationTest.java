package gg.phoenix.coupons.db;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.hmac;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.SchemaUpgrade;
import gg.phoenix.coupons.support.PgDump;
import gg.phoenix.coupons.support.TestBackends;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A database of the version that stored tenant secrets in clear, upgraded by starting this version on it. */
class SecretsMigrationTest {

  @RegisterExtension final SchemaUpgrade upgrade = new SchemaUpgrade();
  private String schema;

  /** The schema as version 4 left it, with two tenants' secrets in clear (one with a previous secret in its grace period). */
  private void plaintextSchema() throws Exception {
    schema = upgrade.oldSchema("4");
    TestBackends pg = TestBackends.get();
    try (Connection conn = pg.jdbc();
         PreparedStatement insert = conn.prepareStatement("INSERT INTO " + schema + ".tenants (id, name, secret, previous_secret, "
             + "previous_secret_valid_until) VALUES (?, ?, ?, ?, now() + interval '1 hour')")) {
      insert.setString(1, "old-rotated");
      insert.setString(2, "Old Rotated");
      insert.setString(3, "current-secret-in-clear-0123456789");
      insert.setString(4, "previous-secret-in-clear-0123456789");
      insert.executeUpdate();
      insert.setString(1, "old-plain");
      insert.setString(2, "Old Plain");
      insert.setString(3, "only-secret-in-clear-0123456789");
      insert.setString(4, null);
      insert.executeUpdate();
    }
  }

  private Set<String> tenantColumns() throws Exception {
    Set<String> columns = new HashSet<>();
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
             + "' AND table_name = 'tenants'")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    return columns;
  }

  @Test
  @DisplayName("starting on a database with secrets in clear seals them, drops the plaintext columns, and every secret still authenticates")
  void sealsExistingSecrets() throws Exception {
    plaintextSchema();
    Api api = upgrade.startThisVersion();

    assertThat(tenantColumns()).contains("secret_enc", "previous_secret_enc").doesNotContain("secret", "previous_secret");
    String dump = PgDump.schema(schema);
    assertThat(dump).contains("old-rotated").doesNotContain("secret-in-clear")
        .doesNotContain(HexFormat.of().formatHex("secret-in-clear".getBytes(StandardCharsets.UTF_8)));
    for (String secret : new String[] {"current-secret-in-clear-0123456789", "previous-secret-in-clear-0123456789"}) {
      assertThat(api.get("/v1/coupons/old-rotated/definitions", bearer(tenantJwt("old-rotated", secret, null, 600))).status()).isEqualTo(200);
      assertThat(api.get("/v1/coupons/old-rotated/definitions", hmac("old-rotated", secret)).status()).isEqualTo(200);
    }
    assertThat(api.get("/v1/coupons/old-plain/definitions", hmac("old-plain", "only-secret-in-clear-0123456789")).status()).isEqualTo(200);
  }
}
