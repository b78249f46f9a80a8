package gg.phoenix.coupons.secrets;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the sealed columns ({@link SealedColumn#ALL}) hold, by key: checked at start-up, without opening anything,
 * so that a keyset lacking a key the stored secrets need stops the service before it serves.
 */
public final class StoredSecrets {

  /** How many values of one column each key sealed; {@code null} counts values that carry no key id. */
  public record Census(SealedColumn column, Map<Integer, Long> byKey) {

    public long total() {
      return byKey.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Values whose key the box does not hold (or that name no key). */
    public long unreadable(SecretBox box) {
      return byKey.entrySet().stream().filter(e -> e.getKey() == null || !box.holds(e.getKey()))
          .mapToLong(Map.Entry::getValue).sum();
    }

    /** Values sealed under a key other than the primary: what re-encryption rewrites. */
    public long underOlderKeys(SecretBox box) {
      return byKey.entrySet().stream().filter(e -> e.getKey() == null || e.getKey() != box.primaryKeyId())
          .mapToLong(Map.Entry::getValue).sum();
    }

    String describe() {
      return column.qualifiedName() + " " + byKey.entrySet().stream()
          .map(e -> (e.getKey() == null ? "no key id" : "key " + SecretBox.keyLabel(e.getKey())) + ": " + e.getValue())
          .collect(Collectors.joining(", ", "{", "}"));
    }
  }

  private StoredSecrets() {
  }

  public static Future<List<Census>> census(Pool pool) {
    List<Future<Census>> counts = new ArrayList<>();
    for (SealedColumn column : SealedColumn.ALL) {
      String sql = "SELECT substring(" + column.column() + " FROM 1 FOR 5) AS prefix, count(*) AS n FROM " + column.table()
          + " WHERE " + column.column() + " IS NOT NULL GROUP BY 1";
      counts.add(pool.preparedQuery(sql).execute().map(rows -> count(column, rows)));
    }
    return Future.all(counts).map(all -> all.<Census>list());
  }

  /**
   * Fails when a stored secret needs a key the keyset lacks (a wrong keyset, or an old key removed before
   * re-encryption finished), naming the keys; logs nothing secret. Succeeds with the census otherwise.
   */
  public static Future<List<Census>> requireReadable(Pool pool, SecretBox box) {
    return census(pool).compose(census -> {
      List<Census> missing = census.stream().filter(c -> c.unreadable(box) > 0).toList();
      if (missing.isEmpty()) {
        return Future.succeededFuture(census);
      }
      String detail = missing.stream().map(Census::describe).collect(Collectors.joining("; "));
      return Future.failedFuture(new IllegalStateException("The configured keyset (SECRETS_KEYSET, SECRETS_KEYSET_FILE or the "
          + "local keyset) lacks keys the stored secrets were sealed with: " + detail + ". Start with the keyset "
          + "these secrets were written with (docs/security.md)"));
    });
  }

  private static Census count(SealedColumn column, RowSet<Row> rows) {
    Map<Integer, Long> byKey = new LinkedHashMap<>();
    for (Row row : rows) {
      Buffer prefix = row.getBuffer("prefix");
      byKey.merge(SecretBox.keyId(prefix.getBytes()), row.getLong("n"), Long::sum);
    }
    return new Census(column, byKey);
  }
}
