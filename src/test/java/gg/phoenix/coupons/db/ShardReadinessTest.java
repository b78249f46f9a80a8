package gg.phoenix.coupons.db;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema stays ready to be distributed by tenant_id (Citus): every table carries tenant_id, every primary and
 * unique key includes it (a key without it cannot be enforced across shards), and every statement of the *Sql
 * classes compares it or inserts it (so it is routed to one tenant's shard; naming it among returned columns is not
 * enough). What is right without it is listed with the reason; what still lacks it is listed apart (docs/scaling.md). A new table, key or statement without tenant_id fails until it is
 * fixed or listed, and so does a listed one once fixed, so that the lists stay true.
 */
@ExtendWith(TestService.class)
class ShardReadinessTest {

  /** Tables kept whole on every node or on the coordinator, not distributed by tenant. */
  static final Map<String, String> UNDISTRIBUTED_TABLES = Map.of(
      "flyway_schema_history", "Flyway's own bookkeeping, one per database",
      "tenants", "the tenant list itself, keyed by the tenant's id (column id): a reference table on every node");

  /** Tables that should carry tenant_id and do not yet (docs/scaling.md, "What the schema still lacks"). */
  static final Map<String, String> TABLES_TO_FIX = Map.of(
      "webhook_attempts", "reaches its tenant through webhook_deliveries.delivery_id; needs tenant_id filled on insert",
      "import_rows", "reaches its tenant through import_uploads.id (upload_id); needs tenant_id filled on staging");

  /** Keys without tenant_id that are right so. */
  static final Map<String, String> KEYS_WITHOUT_TENANT = Map.of(
      "tenants.tenants_pkey", "the tenant list itself, keyed by the tenant's id",
      "flyway_schema_history.flyway_schema_history_pk", "Flyway's own bookkeeping",
      "console_users.console_users_email",
      "an e-mail names one console user in the whole service, so that signing in needs no tenant id: console_users"
          + " is kept whole, like tenants",
      "console_invitations.console_invitations_token_sha256_key",
      "an invitation is found by its token before any tenant is known: console_invitations is kept whole, like"
          + " tenants");

  /**
   * Keys that must become (tenant_id, ...) before distribution, with the foreign keys that reference them: each is
   * unique by a random UUID today, so correct on one server (docs/scaling.md).
   */
  static final Map<String, String> KEYS_TO_FIX = Map.ofEntries(
      Map.entry("coupon_definitions.coupon_definitions_pkey", "id"),
      Map.entry("coupons.coupons_pkey", "id"),
      Map.entry("coupons.coupons_claim_key", "one claim per coupon and player"),
      Map.entry("generation_jobs.generation_jobs_pkey", "id"),
      Map.entry("outbox_events.outbox_events_pkey", "event_id"),
      Map.entry("redemptions.redemptions_pkey", "id"),
      Map.entry("reward_items.reward_items_pkey", "id"),
      Map.entry("webhook_attempts.webhook_attempts_pkey", "delivery and attempt number"),
      Map.entry("webhook_deliveries.webhook_deliveries_pkey", "id"),
      Map.entry("webhook_deliveries.webhook_deliveries_webhook_id_event_id_key", "one delivery per webhook and event"),
      Map.entry("webhooks.webhooks_pkey", "id"),
      Map.entry("import_uploads.import_uploads_pkey", "id"),
      Map.entry("import_rows.import_rows_pkey", "upload id and row number"));

  /** Statements that rightly name no tenant_id: the tenant list itself, locks, and operator-wide upkeep. */
  static final Map<String, String> STATEMENTS_WITHOUT_TENANT = Map.ofEntries(
      Map.entry("ManagementSql.GET_TENANT", "tenants, by the tenant's id"),
      Map.entry("ManagementSql.INSERT_TENANT", "tenants, by the tenant's id"),
      Map.entry("ManagementSql.LOCK_SECRET", "tenants, by the tenant's id"),
      Map.entry("ManagementSql.ROTATE_SECRET", "tenants, by the tenant's id"),
      Map.entry("ManagementSql.SET_TENANT_STATUS", "tenants, by the tenant's id"),
      Map.entry("ConsoleSql.TENANT_EXISTS", "tenants, by the tenant's id"),
      Map.entry("ConsoleSql.USER_BY_ID", "console_users is kept whole (an e-mail names one user service-wide)"),
      Map.entry("ConsoleSql.USER_BY_EMAIL", "console_users is kept whole: signing in knows no tenant yet"),
      Map.entry("ConsoleSql.SET_PASSWORD", "console_users is kept whole, by the user's id"),
      Map.entry("ConsoleSql.NEXT_EPOCH", "console_users is kept whole, by the user's id"),
      Map.entry("ManagementSql.INSERT_CODES_COUNTED", "inserts rows carrying the tenant's id ($1) and reads no table"),
      Map.entry("ConsoleSql.TAKE_INVITATION", "by the invitation's token, before any tenant is known (console_invitations"
          + " is kept whole)"),
      Map.entry("JobSql.LOCK_TENANT_JOBS", "an advisory lock keyed by the tenant's id, no table"),
      Map.entry("BatchSql.LOCK_REVOCATIONS", "an advisory lock keyed by the batch's id, no table"),
      Map.entry("JobSql.HEARTBEAT", "operator-wide: an instance renews the claims of every job it runs, any tenant"),
      Map.entry("JobSql.RELEASE", "operator-wide: a stopping instance gives up every job it runs, any tenant"),
      Map.entry("OutboxSql.TRY_RELAY_LOCK", "an advisory lock per schema, no table"),
      Map.entry("OutboxSql.NOTIFY", "wakes the relays of other processes, no table"),
      Map.entry("OutboxSql.DELETE_PUBLISHED", "operator-wide retention: runs on every shard"),
      Map.entry("IdempotencySql.EXPIRE", "operator-wide retention: runs on every shard"),
      Map.entry("ImportSql.SWEEP_STALE", "operator-wide retention of abandoned uploads: runs on every shard"));

  /** Statements that look rows up by a UUID alone and should name tenant_id too (docs/scaling.md). */
  static final Map<String, String> STATEMENTS_TO_FIX = Map.ofEntries(
      Map.entry("CouponSql.DEFINITION_TOTAL_USES", "by definition id"),
      Map.entry("CouponSql.FIND_DEFINITION", "by definition id"),
      Map.entry("CouponSql.FIND_BY_ID", "by coupon id"),
      Map.entry("CouponSql.FIND_BY_IDS", "by coupon ids"),
      Map.entry("CouponSql.FIND_CLAIM", "by definition id and player"),
      Map.entry("CouponSql.CLAIM_PUBLIC_CODE", "its read of an existing claim is by definition id and player"),
      Map.entry("CouponSql.CONSUME_USE", "by coupon id and definition id"),
      Map.entry("OutboxSql.CLAIM", "a relay claims the oldest events of every tenant: per-tenant relays would filter"),
      Map.entry("OutboxSql.MARK_PUBLISHED", "by event ids of a batch that spans tenants"),
      Map.entry("WebhookSql.RECORD_ATTEMPT", "by delivery id (webhook_attempts has no tenant_id)"),
      Map.entry("ImportSql.STAGE", "import_rows has no tenant_id"),
      Map.entry("ImportSql.DISCARD", "by upload id"),
      Map.entry("ImportSql.RECORD_CHUNK", "by job id: add the job's tenant as JobSql.RECORD_CHUNK has it"));

  @Fixture private static Pool pool;

  private List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    pool.query(sql).execute().await().forEach(rows::add);
    return rows;
  }

  @Test
  @DisplayName("every table of the schema has a tenant_id column, but for the listed reference tables")
  void tablesCarryTenant() {
    List<String> without = rows("""
        SELECT t.table_name FROM information_schema.tables t
        WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
                          WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'tenant_id')
        ORDER BY 1""").stream().map(r -> r.getString(0)).toList();

    assertThat(without).containsExactlyInAnyOrderElementsOf(union(UNDISTRIBUTED_TABLES, TABLES_TO_FIX));
  }

  @Test
  @DisplayName("every primary key, unique constraint and unique index includes tenant_id, but for the listed ones")
  void keysIncludeTenant() {
    List<String> without = rows("""
        SELECT t.relname || '.' || i.relname FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND (x.indisunique OR x.indisprimary)
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                          WHERE a.attrelid = t.oid AND a.attname = 'tenant_id' AND a.attnum = ANY (x.indkey))
        ORDER BY 1""").stream().map(r -> r.getString(0)).toList();

    assertThat(without).containsExactlyInAnyOrderElementsOf(union(KEYS_WITHOUT_TENANT, KEYS_TO_FIX));
  }

  @Test
  @DisplayName("every statement of the *Sql classes filters by tenant_id or inserts it, but for the listed ones")
  void statementsFilterByTenant() throws Exception {
    Map<String, String> without = new TreeMap<>();
    for (Class<?> sqlClass : sqlClasses()) {
      for (Field field : sqlClass.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          field.setAccessible(true);
          String sql = (String) field.get(null);
          if (isStatement(sql) && !namesTenant(sql)) {
            without.put(sqlClass.getSimpleName() + "." + field.getName(), sql);
          }
        }
      }
    }

    assertThat(without.keySet()).as(without.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("\n")))
        .containsExactlyInAnyOrderElementsOf(union(STATEMENTS_WITHOUT_TENANT, STATEMENTS_TO_FIX));
  }

  /** The names of both lists: what is right without tenant_id, and what is known to lack it. */
  private static List<String> union(Map<String, String> justified, Map<String, String> toFix) {
    return Stream.concat(justified.keySet().stream(), toFix.keySet().stream()).toList();
  }

  /**
   * An insert names tenant_id among its columns; every other statement compares it (tenant_id = ..., IN, ANY), so
   * that a statement returning tenant_id or listing it among its columns does not pass for one routed by it.
   */
  private static boolean namesTenant(String sql) {
    String upper = sql.strip().toUpperCase();
    if (upper.startsWith("INSERT")) {
      return sql.contains("tenant_id");
    }
    return TENANT_PREDICATE.matcher(sql).find();
  }

  private static final java.util.regex.Pattern TENANT_PREDICATE = java.util.regex.Pattern.compile(
      "(?i)\\btenant_id\\s*(=|IN\\s*\\(|<>)|=\\s*(\\w+\\.)?tenant_id\\b");

  private static boolean isStatement(String sql) {
    return sql != null && sql.strip().toUpperCase().matches("(?s)(SELECT|INSERT|UPDATE|DELETE|WITH)\\b.*");
  }

  /** Every class named *Sql among the service's compiled classes, so that a new one is checked too. */
  private static List<Class<?>> sqlClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of("target/classes");
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Sql.class")).toList()) {
        String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        classes.add(Class.forName(name));
      }
    }
    return classes;
  }
}
