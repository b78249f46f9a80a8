package gg.phoenix.coupons.secrets;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A column whose values are secrets sealed by {@link SecretBox}, with the columns that identify its row. A sealed
 * value carries its place (table, column, row key) as associated data: copied to another row or column it no
 * longer opens. Every such column is listed in {@link #ALL}, which the key check at start-up and the
 * re-encryption command walk.
 */
public record SealedColumn(String table, String column, List<String> keyColumns) {

  /** The tenant's current signing secret (JWT and HMAC), by tenant id. */
  public static final SealedColumn TENANT_SECRET = new SealedColumn("tenants", "secret_enc", List.of("id"));
  /** The tenant's previous signing secret, valid until previous_secret_valid_until, by tenant id. */
  public static final SealedColumn TENANT_PREVIOUS_SECRET = new SealedColumn("tenants", "previous_secret_enc", List.of("id"));

  /** A webhook endpoint's signing secret, by endpoint id. */
  public static final SealedColumn WEBHOOK_SECRET = new SealedColumn("webhooks", "signing_secret_enc", List.of("id"));
  /** A webhook endpoint's previous signing secret, valid until previous_signing_secret_valid_until, by endpoint id. */
  public static final SealedColumn WEBHOOK_PREVIOUS_SECRET =
      new SealedColumn("webhooks", "previous_signing_secret_enc", List.of("id"));

  public static final List<SealedColumn> ALL =
      List.of(TENANT_SECRET, TENANT_PREVIOUS_SECRET, WEBHOOK_SECRET, WEBHOOK_PREVIOUS_SECRET);

  public SealedColumn {
    keyColumns = List.copyOf(keyColumns);
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("A sealed column needs the columns that identify its row");
    }
  }

  /** The associated data of the value in the row whose key columns hold {@code rowKey}, in order. */
  byte[] associatedData(Object... rowKey) {
    if (rowKey.length != keyColumns.size()) {
      throw new IllegalArgumentException(table + "." + column + " is identified by " + keyColumns + ", got " + rowKey.length + " values");
    }
    JsonArray place = new JsonArray().add(table).add(column);
    for (Object part : rowKey) {
      place.add(String.valueOf(part));
    }
    return place.encode().getBytes(StandardCharsets.UTF_8);
  }

  /** For messages: {@code tenants.secret_enc}. */
  public String qualifiedName() {
    return table + "." + column;
  }
}
